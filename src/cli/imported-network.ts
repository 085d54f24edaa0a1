/**
 * `--network NAME` for a file imported with `painterly models import`: the CLI looks the name up in
 * the model store and passes its stored path (and recorded preprocessing) on, so the options stay
 * pure and a name that is neither built in nor imported is still the usual usage error.
 */
import { isNetworkId } from '../engine/network/registry.js';
import { findImportedModel } from '../node/model-store/index.js';

/**
 * The command-line values with an imported network name replaced by its stored file.
 *
 * @example await withImportedNetwork({ network: 'nspt' }) // → { network: '/home/u/.cache/painterly/imported/nspt/vgg19-d01eb7cb.pth', preprocessing: 'caffe' }
 */
export async function withImportedNetwork<T extends { network?: unknown; weights?: unknown; preprocessing?: unknown }>(values: T): Promise<T> {
  const field = values.network !== undefined ? 'network' : 'weights';
  const name = values[field];
  if (typeof name !== 'string' || isNetworkId(name) || name.startsWith('random')) return values;
  const model = await findImportedModel(name);
  if (!model) return values;
  return { ...values, [field]: model.path, preprocessing: values.preprocessing ?? model.preprocessing };
}
