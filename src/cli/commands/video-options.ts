/**
 * The options of `painterly video`, in help order: the video's own, then those of the engine that
 * paints the frames (taken from `stylize`'s table, so both commands word them alike).
 */
import { DEFAULT_LATER_ITERATIONS_SHARE, DEFAULT_TEMPORAL_WEIGHT } from '../../engine/video/coherent-quality.js';
import { DEFAULT_PRESET_BLEND, STATISTICS_RATE } from '../../engine/video/coherent-preset.js';
import { DEFAULT_FLOW_SIZE_PX, DEFAULT_PRESET_VIDEO_SIZE_PX, DEFAULT_SEGMENT_FRAMES } from '../../options/video-schema.js';
import { FAST_STYLE_PRESETS } from '../../node/model-store/registry.js';
import { STYLIZE_DEFAULTS } from '../../options/stylize-schema.js';
import type { OptionSpec } from '../option-spec.js';
import { DEVICE_OPTION, OUTPUT_MODE_OPTIONS, THREADS_OPTION } from '../shared-options.js';
import { STYLIZE_OPTIONS } from './stylize-options.js';

const fromStylize = (field: string, group: string, changes: Partial<OptionSpec> = {}): OptionSpec => {
  const spec = STYLIZE_OPTIONS.find((candidate) => candidate.field === field);
  if (!spec) throw new Error(`stylize has no option ${field}`);
  return { ...spec, group, ...changes };
};

const VIDEO = 'Video';
const PRESET = 'Fast presets: --model PRESET';
const BOTH = 'Both engines';
const QUALITY = 'Quality engine: --style IMAGE (Gatys et al., coherent after Ruder et al.)';

/** Every option of `painterly video`. Field names match `parseVideoOptions`. */
export const VIDEO_OPTIONS: readonly OptionSpec[] = [
  { flag: 'output', field: 'output', kind: 'string', short: 'o', placeholder: 'FILE', group: VIDEO, description: 'Where to write the video: .mp4, .m4v, .mov, .mkv (H.264) or .webm (VP9). Written atomically when the last frame is done; never over the input.', defaultText: 'INPUT-painted.mp4 in the current directory' },
  { flag: 'size', field: 'size', kind: 'number', placeholder: 'PX', group: VIDEO, description: 'Long side of the output in pixels (the aspect ratio is kept; sizes are rounded down to even numbers).', defaultText: `presets: the input's, at most ${DEFAULT_PRESET_VIDEO_SIZE_PX}; quality: ${STYLIZE_DEFAULTS.size}` },
  { flag: 'start', field: 'start', kind: 'number', placeholder: 'S', group: VIDEO, description: 'Take the clip from S seconds.', defaultText: '0' },
  { flag: 'duration', field: 'duration', kind: 'number', placeholder: 'S', group: VIDEO, description: 'Take S seconds of the clip.', defaultText: 'to the end' },
  { flag: 'fps', field: 'fps', kind: 'number', placeholder: 'N', group: VIDEO, description: 'Constant output frame rate (frames are repeated or dropped to keep time); needed for clips with a variable frame rate.', defaultText: "the input's" },
  { flag: 'independent', field: 'independent', kind: 'boolean', group: VIDEO, description: 'Paint every frame on its own, with no flow and no temporal coherence (it flickers; for comparison).' },
  { flag: 'resume', field: 'resume', kind: 'boolean', group: VIDEO, description: 'Continue an interrupted run after its last saved segment. Give the same command plus --resume (only --threads and --device may change).' },
  { flag: 'checkpoint-every', field: 'segmentFrames', kind: 'number', placeholder: 'FRAMES', group: VIDEO, description: 'Save the finished frames (an encoded segment) and a resumable checkpoint every FRAMES frames. Counted in frames here; stylize\'s --checkpoint-every counts iterations.', defaultText: String(DEFAULT_SEGMENT_FRAMES) },
  { flag: 'flow-size', field: 'flowSize', kind: 'number', placeholder: 'PX', group: VIDEO, description: 'The optical flow (OpenCV Farnebäck, forward and backward) is computed with the long side scaled to PX, then scaled to the frame.', defaultText: String(DEFAULT_FLOW_SIZE_PX) },

  fromStylize('model', PRESET, { description: `Paint with a pretrained fast-style preset (${FAST_STYLE_PRESETS.join(', ')}; \`painterly models list\`). Each frame is blended with the previous one along the optical flow.` }),
  { flag: 'blend', field: 'blend', kind: 'number', placeholder: '0..0.95', group: PRESET, description: "Share of the previous painted frame (moved along the flow) kept in each pixel whose motion is reliable: higher is steadier, lower follows the preset's own strokes more closely.", defaultText: String(DEFAULT_PRESET_BLEND) },
  { flag: 'norm-rate', field: 'normRate', kind: 'number', placeholder: '0.01..1', group: PRESET, description: "Weight of each new frame in a running average of the preset's norm statistics over the shot: 1 takes every frame's own (measured best on the test clips, docs/video.md); lower holds the tone steadier but lags moving content.", defaultText: String(STATISTICS_RATE) },

  fromStylize('styles', QUALITY),
  fromStylize('styleBlendWeights', QUALITY),
  fromStylize('network', QUALITY),
  fromStylize('weights', QUALITY),
  fromStylize('iterations', QUALITY, { description: 'Optimization steps of the first frame of each shot.', defaultText: '500' }),
  { flag: 'later-iterations', field: 'laterIterations', kind: 'number', placeholder: 'N', group: QUALITY, description: 'Steps of every later frame, which starts from the previous result moved along the flow.', defaultText: `${DEFAULT_LATER_ITERATIONS_SHARE} × --iterations` },
  { flag: 'temporal-weight', field: 'temporalWeight', kind: 'number', placeholder: 'γ', group: QUALITY, description: 'Weight of the temporal cost (1/D)·Σ c·(x − warped previous)², where c = 0 at occlusions and motion boundaries; 0 keeps only the warped start.', defaultText: String(DEFAULT_TEMPORAL_WEIGHT) },
  fromStylize('contentWeight', QUALITY),
  fromStylize('styleWeight', QUALITY),
  fromStylize('tvWeight', QUALITY),
  fromStylize('contentLayers', QUALITY),
  fromStylize('styleLayers', QUALITY),
  fromStylize('styleLayerWeights', QUALITY),
  fromStylize('pooling', QUALITY),
  fromStylize('init', QUALITY, { placeholder: 'noise|content', description: 'Start of the first frame of a shot (later frames start from the previous result).' }),
  fromStylize('optimizer', QUALITY),
  fromStylize('learningRate', QUALITY),
  fromStylize('seed', QUALITY),
  fromStylize('styleScale', QUALITY),
  fromStylize('maxMemory', QUALITY),
  fromStylize('strength', BOTH),
  fromStylize('originalColors', BOTH),
  THREADS_OPTION,
  DEVICE_OPTION,
  ...OUTPUT_MODE_OPTIONS,
];
