/**
 * The studio page's configuration (`GET /api/config`): presets, samples, weights, limits and
 * defaults, made here once for both deployments (the local studio and a hosted API node, which adds
 * its accounts).
 */
import { FAST_STYLE_PRESETS, isCached, PRESET_DESCRIPTIONS } from '../node/model-store/index.js';
import { STYLIZE_DEFAULTS } from '../options/stylize-schema.js';
import type { StudioConfig } from './api-types.js';
import { effectiveDefaultWeights } from './default-network.js';
import { DEFAULT_STYLE_STRENGTH, FAST_SIZE_PX, MAX_SIZE_PX, MAX_STYLE_STRENGTH, MAX_STYLES } from './jobs/job-request.js';
import type { SampleLibrary } from './samples.js';
import type { ServerOptions } from './server-options.js';

/** What the configuration is made from. */
export interface StudioConfigSources {
  readonly options: ServerOptions;
  readonly samples: SampleLibrary;
  readonly uploadLimits: { readonly maxBytes: number; readonly maxPixels: number };
}

/**
 * The configuration the page starts from.
 *
 * @example
 * const config = await studioConfig({ options, samples, uploadLimits: uploads.limits });
 * config.defaults.fast.size // → 512
 */
export async function studioConfig({ options, samples, uploadLimits }: StudioConfigSources): Promise<StudioConfig> {
  const presets = await Promise.all(FAST_STYLE_PRESETS.map(async (name) => ({ name, description: PRESET_DESCRIPTIONS[name], cached: await isCached(name) })));
  return {
    presets,
    samples: await samples.list(),
    weights: { default: options.weights, effective: await effectiveDefaultWeights(options.weights), vgg19Cached: await isCached('vgg19'), darknetTinyCached: await isCached('darknet-tiny') },
    limits: { maxUploadBytes: uploadLimits.maxBytes, maxPixels: uploadLimits.maxPixels, maxSizePx: MAX_SIZE_PX, maxStyles: MAX_STYLES, maxMegapixelIterations: options.maxMegapixelIterations, maxStyleStrength: MAX_STYLE_STRENGTH },
    queue: { qualityJobs: options.qualityJobs, fastJobs: options.fastJobs },
    defaults: {
      fast: { size: FAST_SIZE_PX },
      quality: { size: STYLIZE_DEFAULTS.size, iterations: STYLIZE_DEFAULTS.iterations, styleStrength: DEFAULT_STYLE_STRENGTH },
    },
  };
}
