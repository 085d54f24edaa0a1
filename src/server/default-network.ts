/**
 * The studio's default feature network: `--weights auto` (the default) means the best real network
 * this machine can use — VGG19 when its 80 MB file is cached (the classic look), else Darknet
 * Tiny (4 MB, real ImageNet features, downloaded on first use or taken from the mirror).
 */
import { isCached } from '../node/model-store/index.js';

/** The `--weights` value that picks the best real network available. */
export const AUTO_WEIGHTS = 'auto';

/**
 * The `weights` value a job runs with when it asks for the server's default.
 *
 * @example await effectiveDefaultWeights('auto') // → 'darknet-tiny' on a machine without VGG19
 */
export async function effectiveDefaultWeights(serverWeights: string): Promise<string> {
  if (serverWeights !== AUTO_WEIGHTS) return serverWeights;
  return (await isCached('vgg19')) ? 'vgg19' : 'darknet-tiny';
}
