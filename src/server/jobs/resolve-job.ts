/**
 * Turns a `POST /api/jobs` body into a job the queue can run: validates it, resolves upload ids and
 * sample names to files (only ids and listed names; never a client path), validates the quality
 * knobs with the one stylization schema, and checks up front that the chosen weights are there. A
 * style strength becomes the style weight of the network the job actually runs (its registry default
 * × the strength), so the same strength means the same on VGG19 and Darknet Tiny.
 */
import { planScales } from '../../engine/gatys/scale-schedule.js';
import { fitLongSide } from '../../engine/image.js';
import { segmentsOfSchedule, type CostSegment } from '../../engine/progress/remaining-time.js';
import { isCached } from '../../node/model-store/index.js';
import { chooseNetwork, networkEntryOf } from '../../options/network-choice.js';
import { presetOptionsSchema } from '../../options/preset-schema.js';
import { effectiveDefaultWeights } from '../default-network.js';
import { stylizeOptionsSchema, type StylizeOptions } from '../../options/stylize-schema.js';
import type { JobSources } from '../api-types.js';
import { HttpError, requestField } from '../http-errors.js';
import type { SampleLibrary } from '../samples.js';
import type { ServerOptions } from '../server-options.js';
import type { UploadInfo } from '../uploads.js';
import { showValue, validateRequest } from '../validate.js';
import { DEFAULT_STYLE_STRENGTH, jobRequestSchema, MAX_SIZE_PX, type JobSettings, type QualitySettings, type StyleRef } from './job-request.js';
import { namePart, titleOf } from './job-title.js';
import { assertJobWithinLimit } from './job-work.js';
import type { WorkerJob } from './protocol.js';
import type { Lane } from './queue.js';

/** Where a job's uploads are looked up: the studio's `UploadStore`, or a hosted deployment's database and object storage. */
export interface UploadLookup {
  /** The record of upload `id`; a 404 HttpError when there is none (or it is not the caller's). */
  info(id: string): Promise<UploadInfo>;
  /** The path the job's worker reads upload `id` from. */
  imagePath(id: string): Promise<string>;
}

/** What a job needs from the server to resolve. */
export interface JobResources {
  readonly uploads: UploadLookup;
  readonly samples: SampleLibrary;
  readonly options: ServerOptions;
}

/** Where a job's worker writes: its result, and (quality jobs) its resumable checkpoint. */
export interface JobPaths {
  readonly outputPath: string;
  readonly checkpointPath: string;
}

/**
 * A validated job: its settings (for the gallery), its name and sources, its lane, the cost of its
 * steps as planned (for the estimate before it starts), and the worker job for its paths.
 */
export interface ResolvedJob {
  readonly settings: JobSettings;
  readonly title: string;
  readonly sources: JobSources;
  readonly lane: Lane;
  /** Quality: one segment per scale (cost = pixels); fast: one step costing the output's pixels. */
  readonly segments: readonly CostSegment[];
  readonly workerJob: (paths: JobPaths) => WorkerJob;
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
  const contentSource = { title: namePart(content.name), imageUrl: `/api/uploads/${content.id}/image` };
  if (request.mode === 'fast') {
    const { originalColors, strength, preset, size } = request;
    const presetInput = { content: contentPath, model: preset, size, strength, originalColors, maxPixels: options.maxPixels, device: options.device, ...(options.threads === undefined ? {} : { threads: options.threads }) };
    const presetOptions = validateRequest(presetOptionsSchema, presetInput);
    const sources: JobSources = { content: contentSource, styles: [{ title: namePart(preset), imageUrl: `/api/presets/${preset}/sample` }] };
    const output = fitLongSide(content.width, content.height, size);
    return {
      settings: request,
      title: titleOf(sources),
      sources,
      lane: 'fast',
      segments: [{ steps: 1, costPerStep: output.width * output.height }],
      workerJob: ({ outputPath }) => ({ kind: 'fast', options: presetOptions, outputPath }),
    };
  }
  if (request.styleStrength !== undefined && request.styleWeight !== undefined) {
    throw new HttpError(400, 'INVALID_OPTION', `Expected styleStrength (× the network's own style weight) or an exact styleWeight, not both, for styleStrength but received styleStrength ${request.styleStrength} with styleWeight ${showValue(request.styleWeight)}. Leave one out.`, 'styleStrength');
  }
  const stylePaths = await inField('styles', () => Promise.all(request.styles.map((style) => stylePath(style, resources))));
  const styleSources = await inField('styles', () => Promise.all(request.styles.map((style) => styleSource(style, resources))));
  const weights = request.weights === 'default' ? await effectiveDefaultWeights(options.weights) : request.weights;
  await assertWeightsAvailable(weights);
  const styleStrength = request.styleWeight === undefined ? (request.styleStrength ?? DEFAULT_STYLE_STRENGTH) : undefined;
  const input: Record<string, unknown> = {
    content: contentPath,
    styles: stylePaths,
    styleBlendWeights: request.styles.map((style) => style.weight),
    size: request.size,
    iterations: request.iterations,
    styleWeight: styleStrength === undefined ? request.styleWeight : defaultStyleWeight(weights) * styleStrength,
    contentWeight: request.contentWeight,
    tvWeight: request.tvWeight,
    seed: request.seed,
    originalColors: request.originalColors,
    strength: request.strength,
    weights,
    maxPixels: options.maxPixels,
    threads: options.threads,
    device: options.device,
    saveEvery: options.previewEvery,
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  const stylizeOptions: StylizeOptions = validateRequest(stylizeOptionsSchema, input, (field) => requestField(field) ?? field);
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
    ...(styleStrength === undefined ? {} : { styleStrength }),
    styleWeight: stylizeOptions.styleWeight,
    contentWeight: stylizeOptions.contentWeight,
    tvWeight: stylizeOptions.tvWeight,
    seed: stylizeOptions.seed,
    originalColors: stylizeOptions.originalColors,
    strength: request.strength,
  };
  const sources: JobSources = { content: contentSource, styles: styleSources };
  const output = fitLongSide(content.width, content.height, stylizeOptions.size);
  const schedule = planScales({ ...output, iterations: stylizeOptions.iterations, mode: stylizeOptions.scales, minScale: stylizeOptions.minScale, minShortSide: 16 });
  return {
    settings,
    title: titleOf(sources),
    sources,
    lane: 'quality',
    segments: segmentsOfSchedule(schedule),
    workerJob: ({ outputPath, checkpointPath }) => ({ kind: 'quality', options: { ...stylizeOptions, checkpoint: checkpointPath, checkpointEvery: options.checkpointEvery }, outputPath }),
  };
}

/**
 * The style weight β of the network a job's `weights` run (its registry default), which a style
 * strength multiplies.
 *
 * @example defaultStyleWeight('darknet-tiny') // → NETWORKS['darknet-tiny'].defaults.styleWeight (0.5)
 */
function defaultStyleWeight(weights: string): number {
  return networkEntryOf(chooseNetwork(undefined, weights)).defaults.styleWeight;
}

/** A style's title and picture, for the result view. */
async function styleSource(style: StyleRef, resources: JobResources): Promise<JobSources['styles'][number]> {
  if (style.source === 'sample') return { title: namePart(style.id), imageUrl: `/api/samples/${encodeURIComponent(style.id)}/thumbnail`, weight: style.weight };
  const info = await resources.uploads.info(style.id);
  return { title: namePart(info.name), imageUrl: `/api/uploads/${info.id}/image`, weight: style.weight };
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
