/**
 * A visualize request as both deployments take it: validated against the server's default weights
 * (`--weights`), and refused with 409 when it asks for VGG19 and the pretrained file is not in the
 * model store. Where the fix is differs (this machine, or a deployment's), so the caller words it.
 */
import { isCached } from '../../node/model-store/index.js';
import { effectiveDefaultWeights } from '../default-network.js';
import { HttpError } from '../http-errors.js';
import { parseVisualizeRequest, type VisualizeRequest } from './visualize-request.js';

/**
 * Parses `body` (400 naming the field) and checks its weights are here (409 with `missingVgg19Fix`).
 *
 * @example const request = await resolveVisualizeRequest(body, options.weights, 'Run `painterly models download vgg19`.');
 */
export async function resolveVisualizeRequest(body: unknown, serverWeights: string, missingVgg19Fix: string): Promise<VisualizeRequest> {
  const request = parseVisualizeRequest(body, await effectiveDefaultWeights(serverWeights));
  if (request.effectiveWeights === 'vgg19' && !(await isCached('vgg19'))) {
    throw new HttpError(409, 'WEIGHTS_NOT_FOUND', missingVgg19Fix, 'weights');
  }
  return request;
}
