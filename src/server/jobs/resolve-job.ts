/**
 * Turns a `POST /api/jobs` body into a job the queue can run: validates it, resolves upload ids and
 * sample names to files (only ids and listed names; never a client path), validates the quality
 * knobs with the one stylization schema, and checks up front that the chosen weights are there.
 */
import { isCached } from '../../node/model-store/index.js';
import { effectiveDefaultWeights } from '../default-network.js';
import { stylizeOptionsSchema, type StylizeOptions } from '../../options/stylize-schema.js';
import { HttpError } from '../http-errors.js';
import type { SampleLibrary } from '../samples.js';
import type { ServerOptions } from '../server-options.js';
import type { UploadStore } from '../uploads.js';
import { validateRequest } from '../validate.js';
import { jobRequestSchema, MAX_SIZE_PX, type JobSettings, type QualitySettings, type StyleRef } from './job-request.js';
import { assertJobWithinLimit } from './job-work.js';
import type { WorkerJob } from './protocol.js';
import type { Lane } from './queue.js';

/** What a job needs from the server to resolve. */
export interface JobResources {
  readonly uploads: UploadStore;
  readonly samples: SampleLibrary;
  readonly options: ServerOptions;
}

/** A validated job: its settings (for the gallery), its lane, and the worker job for an output path. */
export interface ResolvedJob {
  readonly settings: JobSettings;
  readonly lane: Lane;
  readonly workerJob: (outputPath: string) => WorkerJob;
}

/**
 * Validates and resolves a job request. Errors are HttpErrors (400, 409) naming the field at fault.
 *
 * @example
 * const job = await resolveJob({ mode: 'fast', content: uploadId, preset: 'udnie' }, resources);
 */
export async function resolveJob(body: unknown, resources: JobResources): Promise<ResolvedJob> {
  const request = validateRequest(jobRequestSchema, body);
  const { options } = resources;
  const content = await inField('content', () => resources.uploads.info(request.content));
  const contentPath = await resources.uploads.imagePath(content.id);
  if (request.mode === 'fast') {
    const { originalColors, strength, preset, size } = request;
    return {
      settings: request,
      lane: 'fast',
      workerJob: (outputPath) => ({ kind: 'fast', preset, contentPath, size, originalColors, strength, maxPixels: options.maxPixels, threads: options.threads, outputPath }),
    };
  }
  const stylePaths = await inField('styles', () => Promise.all(request.styles.map((style) => stylePath(style, resources))));
  const weights = request.weights === 'default' ? await effectiveDefaultWeights(options.weights) : request.weights;
  await assertWeightsAvailable(weights);
  const input: Record<string, unknown> = {
    content: contentPath,
    styles: stylePaths,
    styleBlendWeights: request.styles.map((style) => style.weight),
    size: request.size,
    iterations: request.iterations,
    styleWeight: request.styleWeight,
    contentWeight: request.contentWeight,
    tvWeight: request.tvWeight,
    seed: request.seed,
    originalColors: request.originalColors,
    strength: request.strength,
    weights,
    maxPixels: options.maxPixels,
    threads: options.threads,
    saveEvery: options.previewEvery,
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  const stylizeOptions: StylizeOptions = validateRequest(stylizeOptionsSchema, input, (field) => (field === 'styleBlendWeights' ? 'styles' : field));
  if (stylizeOptions.size > MAX_SIZE_PX) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected a number ≤ ${MAX_SIZE_PX} for size but received ${stylizeOptions.size}.`, 'size');
  }
  assertJobWithinLimit(
    { contentWidthPx: content.width, contentHeightPx: content.height, sizePx: stylizeOptions.size, iterations: stylizeOptions.iterations },
    options.maxMegapixelIterations,
  );
  const settings: QualitySettings = {
    mode: 'quality',
    content: request.content,
    styles: request.styles,
    weights: request.weights,
    size: stylizeOptions.size,
    iterations: stylizeOptions.iterations,
    styleWeight: stylizeOptions.styleWeight,
    contentWeight: stylizeOptions.contentWeight,
    tvWeight: stylizeOptions.tvWeight,
    seed: stylizeOptions.seed,
    originalColors: stylizeOptions.originalColors,
    strength: request.strength,
  };
  return { settings, lane: 'quality', workerJob: (outputPath) => ({ kind: 'quality', options: stylizeOptions, outputPath }) };
}

function stylePath(style: StyleRef, resources: JobResources): Promise<string> {
  return style.source === 'sample' ? resources.samples.path(style.id) : resources.uploads.imagePath(style.id);
}

/** Runs `resolve`, reporting a missing upload or sample as a 400 about `field` of the body. */
async function inField<T>(field: string, resolve: () => Promise<T>): Promise<T> {
  try {
    return await resolve();
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw new HttpError(400, 'INVALID_OPTION', error.message, field);
    throw error;
  }
}

/** The store's VGG19 must be downloaded before a quality job can use it; say so at once, not minutes later. */
async function assertWeightsAvailable(weights: string): Promise<void> {
  if (weights !== 'vgg19' || (await isCached('vgg19'))) return;
  throw new HttpError(
    409,
    'WEIGHTS_NOT_FOUND',
    'The pretrained VGG19 weights are not downloaded on this machine. Run `painterly models download vgg19` (80 MB, once), or choose the random weights (offline, clearly lower quality).',
    'weights',
  );
}
