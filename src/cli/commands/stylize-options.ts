import type { OptionSpec } from '../option-spec.js';
import { OUTPUT_MODE_OPTIONS, THREADS_OPTION } from '../shared-options.js';

/** Every option of `painterly stylize`, in help order. Field names match `stylizeOptionsSchema`. */
export const STYLIZE_OPTIONS: readonly OptionSpec[] = [
  { flag: 'style', field: 'styles', kind: 'stringList', repeatable: true, short: 's', placeholder: 'IMAGE', group: 'Images', description: 'Style image (painting). Repeat the flag, or separate with commas, to blend several styles.' },
  { flag: 'output', field: 'output', kind: 'string', short: 'o', placeholder: 'FILE', group: 'Images', description: 'Where to write the result; the format follows the extension (.png .jpg .webp .tif .gif). Written atomically.', defaultText: 'CONTENT-stylized.png in the current directory' },
  { flag: 'style-blend-weights', field: 'styleBlendWeights', kind: 'numberList', placeholder: 'W1,W2…', group: 'Images', description: 'Relative weight of each style image, e.g. 3,1 (normalised to sum 1).', defaultText: 'equal' },
  { flag: 'size', field: 'size', kind: 'number', placeholder: 'PX', group: 'Images', description: 'Long side of the output in pixels; the content\'s aspect ratio is kept. The short side must stay at least 16 px (conv5_1 sits behind 4 poolings).', defaultText: '512' },
  { flag: 'style-scale', field: 'styleScale', kind: 'number', placeholder: 'X', group: 'Images', description: 'Style images are resized to --size × this on their long side; smaller values give larger brush strokes.', defaultText: '1' },
  { flag: 'strength', field: 'strength', kind: 'number', placeholder: '0..1', group: 'Images', description: 'Blend of the stylized image with the content (both engines): 1 = fully stylized, 0 = the content.', defaultText: '1' },
  { flag: 'original-colors', field: 'originalColors', kind: 'boolean', group: 'Images', description: 'Keep the content\'s colours: transfer the style\'s luminance only.' },
  { flag: 'max-pixels', field: 'maxPixels', kind: 'number', placeholder: 'N', group: 'Images', description: 'Refuse input images with more pixels than this.', defaultText: '50000000' },

  { flag: 'iterations', field: 'iterations', kind: 'number', short: 'n', placeholder: 'N', group: 'Optimization', description: 'Optimization steps; 0 writes the initial image.', defaultText: '500' },
  { flag: 'optimizer', field: 'optimizer', kind: 'string', placeholder: 'adam|lbfgs|sgd', group: 'Optimization', description: 'adam: robust, clamps pixels to 0–255 each step; lbfgs: fewer iterations to a low loss, more memory (history 100); sgd: plain gradient descent G := G − lr·∂J/∂G.', defaultText: 'adam' },
  { flag: 'learning-rate', field: 'learningRate', kind: 'number', placeholder: 'LR', group: 'Optimization', description: 'Step size on the 0–255 pixel scale.', defaultText: 'adam 2, lbfgs 1, sgd: chosen so the first step moves pixels by at most 1' },
  { flag: 'init', field: 'init', kind: 'string', placeholder: 'noise|random|content|image', group: 'Optimization', description: 'Starting image: noise = noise-ratio·U(−20,20) + (1−noise-ratio)·content; random = pure noise; content; image = --init-image.', defaultText: 'noise' },
  { flag: 'init-image', field: 'initImage', kind: 'string', placeholder: 'IMAGE', group: 'Optimization', description: 'Starting image, resized to the output size; needs --init image.' },
  { flag: 'noise-ratio', field: 'noiseRatio', kind: 'number', placeholder: 'R', group: 'Optimization', description: 'Share of noise in the noise init, 0–1.', defaultText: '0.6' },
  { flag: 'seed', field: 'seed', kind: 'number', placeholder: 'N', group: 'Optimization', description: 'Random seed of the initial image; the same seed gives the same result.', defaultText: '0' },
  { flag: 'save-every', field: 'saveEvery', kind: 'number', placeholder: 'N', group: 'Optimization', description: 'Also write the intermediate image every N iterations, as OUTPUT-NAME_<iteration>.EXT (e.g. out_50.png); the final image is OUTPUT itself.', defaultText: '0 = never' },

  { flag: 'content-weight', field: 'contentWeight', kind: 'number', placeholder: 'α', group: 'Costs  J = α·J_content + β·J_style + γ·TV', description: 'α: how much the result must keep the content\'s structure.', defaultText: '10' },
  { flag: 'style-weight', field: 'styleWeight', kind: 'number', placeholder: 'β', group: 'Costs  J = α·J_content + β·J_style + γ·TV', description: 'β: how strongly the style\'s textures are imposed.', defaultText: '40' },
  { flag: 'tv-weight', field: 'tvWeight', kind: 'number', placeholder: 'γ', group: 'Costs  J = α·J_content + β·J_style + γ·TV', description: 'γ: total-variation smoothing; try 1e-3…1e-1 to calm noise.', defaultText: '0' },
  { flag: 'content-layers', field: 'contentLayers', kind: 'stringList', placeholder: 'L1,L2…', group: 'Costs  J = α·J_content + β·J_style + γ·TV', description: 'VGG19 layers the content cost reads; deeper layers keep layout, not detail.', defaultText: 'conv4_2' },
  { flag: 'style-layers', field: 'styleLayers', kind: 'stringList', placeholder: 'L1,L2…', group: 'Costs  J = α·J_content + β·J_style + γ·TV', description: 'VGG19 layers whose Gram matrices the style cost matches; shallow layers give colour and fine strokes, deep ones larger motifs.', defaultText: 'conv1_1,conv2_1,conv3_1,conv4_1,conv5_1' },
  { flag: 'style-layer-weights', field: 'styleLayerWeights', kind: 'numberList', placeholder: 'λ1,λ2…', group: 'Costs  J = α·J_content + β·J_style + γ·TV', description: 'λ per style layer.', defaultText: 'equal, summing to 1 (0.2 each for the 5 default layers)' },
  { flag: 'pooling', field: 'pooling', kind: 'string', placeholder: 'avg|max', group: 'Costs  J = α·J_content + β·J_style + γ·TV', description: 'Pooling between VGG blocks; avg gives smoother results.', defaultText: 'avg' },

  { flag: 'model', field: 'model', kind: 'string', short: 'm', placeholder: 'PRESET', group: 'Fast presets (instead of --style)', description: 'Use a pretrained fast-style network instead of optimizing: about a second per image, output at the content\'s own size unless --size is given. Presets: la_muse, mathura, matilde_perez, matta, rain_princess, scream, udnie, wave, wreck (`painterly models list` describes them; downloaded on first use).' },
  { flag: 'tile-size', field: 'tileSize', kind: 'number', placeholder: 'PX', group: 'Fast presets (instead of --style)', description: 'Memory budget: images larger than PX×PX pixels are processed in overlapping tiles, without seams.', defaultText: '768' },

  { flag: 'weights', field: 'weights', kind: 'string', placeholder: 'vgg19|PATH|random[:SEED]', group: 'Engine', description: 'VGG19 weights: vgg19 = the official Keras ImageNet weights from the model store (get them with `painterly models download vgg19`); PATH = a Keras .h5 "notop" file; random[:SEED] = untrained He-initialised weights for offline trials — they transfer texture but look clearly worse than the real ones.', defaultText: 'vgg19' },
  THREADS_OPTION,
  ...OUTPUT_MODE_OPTIONS,
];
