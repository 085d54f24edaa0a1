/**
 * Painterly's public library API (Node). The engine under `src/engine` runs anywhere; this entry
 * adds the Node edges: image files (sharp), the model store and ONNX Runtime for Node.
 *
 * One entry point per engine — `stylize` (paintings), `stylizeWithPreset` (fast presets),
 * `stylizeVideo` — each taking options as you write them (validated there, errors naming the option
 * by its key, with `error.option` set) or options already validated by its `parse…Options`, the same
 * functions the CLI and the server call at their own edges.
 *
 * @example
 * import { stylize, writeImage } from 'painterly';
 * const image = await stylize({ content: 'photo.jpg', styles: ['starry.jpg'], weights: 'random', iterations: 100 });
 * await writeImage('out.png', image);
 */
export { stylize, type StylizeHooks, type StylizeEvent } from './node/stylize.js';
export { stylizeWithPreset, type PresetHooks, type PresetEvent } from './node/stylize-preset.js';
export { stylizeOptionsSchema, parseStylizeOptions, STYLIZE_DEFAULTS, type StylizeOptions, type StylizeOptionsInput } from './options/stylize-schema.js';
export { presetOptionsSchema, parsePresetOptions, type PresetOptions, type PresetOptionsInput } from './options/preset-schema.js';
export { readImage, writeImage, resizeImage } from './node/image-io.js';
export { PainterlyError, isPainterlyError, type PainterlyErrorCode, type PainterlyErrorDetails, type OptionName } from './engine/errors.js';
export type { GatysEvent, LoadEvent, ScaleEvent, IterationEvent, SnapshotEvent, DoneEvent, ProgressListener } from './engine/gatys/events.js';
export type { RgbImage, DecodedImage } from './engine/image.js';
export { listModels, downloadModel, ensureModel, isCached } from './node/model-store/index.js';
export { runGatys } from './engine/gatys/run-gatys.js';
export { createOrtRuntime, openOrtRuntime, type ProviderName } from './node/ort-runtime.js';
export { DEFAULT_DEVICE, DEVICE_NAMES, type DeviceName } from './options/device.js';
export { randomVggWeights } from './engine/vgg/weights.js';
export { readKerasVggWeights } from './node/vgg-h5.js';
export { readCaffeModelWeights } from './node/weights-file/caffemodel.js';
export { readKerasArchiveWeights } from './node/weights-file/keras3.js';
export { stylizeVideo, type VideoHooks, type VideoResult, type VideoEvent } from './node/video/stylize-video.js';
export { parseVideoOptions, type VideoOptions, type VideoOptionsInput } from './options/video-schema.js';
