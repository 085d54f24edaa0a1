import {
  DEFAULT_TILE_SIZE_PX
} from "./chunk-YGESDE6G.js";
import {
  ADAM_DEFAULTS,
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_MAX_PIXELS,
  DEFAULT_MIN_SCALE,
  DEFAULT_NETWORK,
  INIT_KINDS,
  LBFGS_DEFAULTS,
  ON_OFF,
  OPTIMIZER_NAMES,
  POOLING_KINDS,
  RECIPES,
  RECIPE_NAMES,
  SCALE_MODES,
  STYLE_LOSS_KINDS,
  STYLIZE_DEFAULTS
} from "./chunk-RLZ7CLXZ.js";
import {
  DEVICE_OPTION,
  OUTPUT_MODE_OPTIONS,
  THREADS_OPTION
} from "./chunk-OR6FP33I.js";
import {
  NETWORKS,
  NETWORK_IDS,
  PREPROCESSING_NAMES
} from "./chunk-YB37QKVG.js";

// dist/src/cli/commands/stylize-options.js
function perNetwork(pick) {
  const groups = /* @__PURE__ */ new Map();
  for (const id of NETWORK_IDS) {
    const value = pick(NETWORKS[id].defaults);
    groups.set(value, [...groups.get(value) ?? [], NETWORKS[id].table.displayName]);
  }
  if (groups.size === 1)
    return `${[...groups.keys()][0]} (every network)`;
  return `per network: ${[...groups].map(([value, names]) => `${value} (${names.join(", ")})`).join(", ")}`;
}
var COSTS = "Costs  J = \u03B1\xB7J_content + \u03B2\xB7J_style + \u03B3\xB7TV";
var onOff = (value) => value ? "on" : "off";
var layerList = (defaults) => defaults.styleLayers.map((entry) => entry.layer).join(",");
var layerWeights = (defaults) => {
  const weights = defaults.styleLayers.map((entry) => entry.weight);
  return weights.every((weight) => weight === weights[0]) ? `${weights[0]} each` : weights.join(",");
};
var STYLIZE_OPTIONS = [
  { flag: "style", field: "styles", kind: "pathList", repeatable: true, short: "s", placeholder: "IMAGE", group: "Images", description: "Style image (painting). Repeat the flag, or separate with commas, to blend several styles. A comma inside a file name is written \\, (a path that exists as a whole is always taken whole)." },
  { flag: "output", field: "output", kind: "string", short: "o", placeholder: "FILE", group: "Images", description: "Where to write the result; the format follows the extension (.png .jpg .webp .tif .gif). Written atomically; never over an input (the content, a style, the init image \u2014 also through a link), which is refused before any work.", defaultText: "CONTENT-stylized.png in the current directory" },
  { flag: "style-blend-weights", field: "styleBlendWeights", kind: "numberList", placeholder: "W1,W2\u2026", group: "Images", description: "Relative weight of each style image, e.g. 3,1 (normalised to sum 1).", defaultText: "equal" },
  { flag: "size", field: "size", kind: "number", placeholder: "PX", group: "Images", description: "Long side of the output in pixels; the content's aspect ratio is kept. The short side must stay at least 16 px (the deepest default layers sit behind 4 poolings).", defaultText: `${STYLIZE_DEFAULTS.size} (with --model: the photo's own size)` },
  { flag: "style-scale", field: "styleScale", kind: "number", placeholder: "X", group: "Images", description: "Style images are resized to (the current scale's size) \xD7 X on their long side, enlarging them if need be; smaller values give larger brush strokes.", defaultText: "the current scale's size, but never larger than the style image itself" },
  { flag: "strength", field: "strength", kind: "number", placeholder: "0..1", group: "Images", description: "Blend of the stylized image with the content (both engines): 1 = fully stylized, 0 = the content.", defaultText: String(STYLIZE_DEFAULTS.strength) },
  { flag: "original-colors", field: "originalColors", kind: "boolean", group: "Images", description: "Keep the content's colours: transfer the style's luminance only." },
  { flag: "max-pixels", field: "maxPixels", kind: "number", placeholder: "N", group: "Images", description: "Refuse input images with more pixels than this.", defaultText: String(DEFAULT_MAX_PIXELS) },
  { flag: "iterations", field: "iterations", kind: "number", short: "n", placeholder: "N", group: "Optimization", description: "Optimization steps over all scales (split 1 : 0.6 : 0.36 \u2026 from the smallest scale up; see docs/multiscale.md); 0 writes the initial image.", defaultText: String(STYLIZE_DEFAULTS.iterations) },
  { flag: "scales", field: "scales", kind: "string", placeholder: SCALE_MODES.join("|"), group: "Optimization", description: "auto: outputs above 256 px are painted coarse to fine \u2014 sizes growing by \u221A2 from --min-scale to --size, each starting from the previous result enlarged, most iterations at the small (cheap) sizes; the result is the average of the last iterates. About 4.5\xD7 faster than one scale at 512 px for a lower final loss (docs/multiscale.md). single: every iteration at --size.", defaultText: STYLIZE_DEFAULTS.scales },
  { flag: "min-scale", field: "minScale", kind: "number", placeholder: "PX", group: "Optimization", description: "Long side of the first scale of a multi-scale run.", defaultText: String(DEFAULT_MIN_SCALE) },
  { flag: "optimizer", field: "optimizer", kind: "string", placeholder: OPTIMIZER_NAMES.join("|"), group: "Optimization", description: "adam: robust, clamps pixels to 0\u2013255 each step; lbfgs: fewer iterations to a low loss (half of adam's final loss in the multi-scale benchmark), more memory (history 100); sgd: plain gradient descent G := G \u2212 lr\xB7\u2202J/\u2202G.", defaultText: STYLIZE_DEFAULTS.optimizer },
  { flag: "learning-rate", field: "learningRate", kind: "number", placeholder: "LR", group: "Optimization", description: "Step size on the 0\u2013255 pixel scale.", defaultText: `adam ${ADAM_DEFAULTS.learningRate}, lbfgs ${LBFGS_DEFAULTS.learningRate}, sgd: chosen so the first step moves pixels by at most 1` },
  { flag: "init", field: "init", kind: "string", placeholder: INIT_KINDS.join("|"), group: "Optimization", description: "Starting image: noise = a low-contrast noisy photo around the ImageNet mean colour m, m + noise-ratio\xB7U(\u221220,20) + (1\u2212noise-ratio)\xB7(content \u2212 m); random = pure noise U(0,255) per value (needs a much higher --content-weight to find the photo); gray = the flat mean colour with N(0, 0.001\xB2) noise (neural-style's -init random); content = the photo itself; image = --init-image (implied when --init-image is given).", defaultText: perNetwork((defaults) => defaults.init) },
  { flag: "init-image", field: "initImage", kind: "string", placeholder: "IMAGE", group: "Optimization", description: "Starting image, resized to the output size; needs --init image." },
  { flag: "noise-ratio", field: "noiseRatio", kind: "number", placeholder: "R", group: "Optimization", description: "Share of noise in the noise init, 0\u20131.", defaultText: String(STYLIZE_DEFAULTS.noiseRatio) },
  { flag: "seed", field: "seed", kind: "number", placeholder: "N", group: "Optimization", description: "Random seed of the initial image; the same seed gives the same result.", defaultText: String(STYLIZE_DEFAULTS.seed) },
  { flag: "max-memory", field: "maxMemory", kind: "string", placeholder: "SIZE", group: "Optimization", description: "Memory budget, e.g. 4G or 2500M. Scales whose whole-image graph would not fit (planned from measurements: about 2 GB + 4.2 KB per pixel; a tighter budget first trades the fast Winograd convolutions for direct ones) are optimized in overlapping tiles that fit, with the tile grid moving every iteration so no seams form; large outputs such as 2048\u20134096 px need this.", defaultText: "4G, or half the machine's memory if less" },
  { flag: "checkpoint-every", field: "checkpointEvery", kind: "number", placeholder: "N", group: "Optimization", description: "Save a resumable checkpoint (image, optimizer state, place in the schedule) to OUTPUT.checkpoint every N iterations, atomically; also saved on Ctrl-C, removed once OUTPUT is written. 0: only on Ctrl-C.", defaultText: String(DEFAULT_CHECKPOINT_EVERY) },
  { flag: "resume", field: "resume", kind: "boolean", group: "Optimization", description: "Continue an interrupted run from OUTPUT.checkpoint. Give the same command as before plus --resume (only --threads, --device, --save-every, --strength, --original-colors and --checkpoint-every may change)." },
  { flag: "save-every", field: "saveEvery", kind: "number", placeholder: "N", group: "Optimization", description: "Also write the intermediate image every N iterations, as OUTPUT-NAME_<iteration>.EXT (e.g. out_50.png); the final image is OUTPUT itself.", defaultText: `${STYLIZE_DEFAULTS.saveEvery} = never` },
  { flag: "content-weight", field: "contentWeight", kind: "number", placeholder: "\u03B1", group: COSTS, description: "\u03B1: how much the result must keep the content's structure.", defaultText: perNetwork((defaults) => String(defaults.contentWeight)) },
  { flag: "style-weight", field: "styleWeight", kind: "number", placeholder: "\u03B2", group: COSTS, description: "\u03B2: how strongly the style is imposed. With --style-balance on, \u03B2 is the L1 norm of the style gradient at the start of each scale (each layer pulling its \u03BB share), so it means the same for every network, style loss and size; off, it multiplies the raw costs.", defaultText: perNetwork((defaults) => String(defaults.styleWeight)) },
  { flag: "tv-weight", field: "tvWeight", kind: "number", placeholder: "\u03B3", group: COSTS, description: "\u03B3: total-variation smoothing; \u03B3 multiplies the mean squared difference of neighbouring pixel values (0\u2013255), so it is independent of the size. neural-style's -tv_weight t (a sum over the image) is \u03B3 = 1.5\xB7t\xB7W\xB7H here (e.g. t = 1e-3 at 512\xD7384: \u03B3 \u2248 295, against \u03B1 20). Try 10\u2013300 with the VGG19 weights, 0.01\u20130.1 with Darknet Tiny's.", defaultText: `${STYLIZE_DEFAULTS.tvWeight} (the neural-style recipe: 1.5\xB71e-3\xB7W\xB7H)` },
  { flag: "content-layers", field: "contentLayers", kind: "stringList", placeholder: "L1,L2\u2026", group: COSTS, description: "Layers the content cost reads (names per network: conv1_1 \u2026 conv5_4 for VGG19, conv1 \u2026 conv15 for Darknet Tiny); deeper layers keep layout, not detail.", defaultText: perNetwork((defaults) => defaults.contentLayers.join(",")) },
  { flag: "style-layers", field: "styleLayers", kind: "stringList", placeholder: "L1,L2\u2026", group: COSTS, description: "Layers whose feature statistics the style cost matches; shallow layers give colour and fine strokes, deep ones larger motifs.", defaultText: perNetwork(layerList) },
  { flag: "style-layer-weights", field: "styleLayerWeights", kind: "numberList", placeholder: "\u03BB1,\u03BB2\u2026", group: COSTS, description: "\u03BB per style layer: with --style-balance on, each layer's share of the style pull; off, a multiplier of its raw cost. Given --style-layers without this: equal, summing to 1.", defaultText: perNetwork(layerWeights) },
  { flag: "pooling", field: "pooling", kind: "string", placeholder: POOLING_KINDS.join("|"), group: COSTS, description: "Pooling between stages (both networks were trained with max; avg gives smoother results).", defaultText: perNetwork((defaults) => defaults.pooling) },
  { flag: "style-loss", field: "styleLoss", kind: "string", placeholder: STYLE_LOSS_KINDS.join("|"), group: COSTS, description: "How a style layer compares features: gram = Gram matrices (Gatys et al.); w2 = the Wasserstein-2 distance between the features' Gaussians (means and covariances, as crowsonkb/style-transfer-pytorch): a more faithful palette and larger patches, slower per iteration (docs/networks.md); whole images only (not tiled).", defaultText: perNetwork((defaults) => defaults.styleLoss) },
  { flag: "style-balance", field: "styleBalance", kind: "string", placeholder: ON_OFF.join("|"), group: COSTS, description: "on: at the start of each scale every style layer is weighed so that it pulls its \u03BB share of the style gradient (without it a shallow layer can take ~90 % and the deep layers, which carry strokes and swirls, are barely matched); off: raw costs \xD7 \u03BB.", defaultText: perNetwork((defaults) => onOff(defaults.styleBalance)) },
  { flag: "recipe", field: "recipe", kind: "string", placeholder: RECIPE_NAMES.join("|"), group: COSTS, description: `A named set of the options above; options given explicitly override its values. ${RECIPE_NAMES.map((name) => `${name}: ${RECIPES[name].summary}`).join("; ")} (docs/networks.md).` },
  { flag: "model", field: "model", kind: "string", short: "m", placeholder: "PRESET", group: "Fast presets (instead of --style)", description: "Use a pretrained fast-style network instead of optimizing: about a second per image, output at the content's own size unless --size is given. Presets: la_muse, mathura, matilde_perez, matta, rain_princess, scream, udnie, wave, wreck (`painterly models list` describes them; downloaded on first use)." },
  { flag: "tile-size", field: "tileSize", kind: "number", placeholder: "PX", group: "Fast presets (instead of --style)", description: "Memory budget: images larger than PX\xD7PX pixels are processed in overlapping tiles, without seams.", defaultText: String(DEFAULT_TILE_SIZE_PX) },
  { flag: "network", field: "network", kind: "string", placeholder: "NAME|PATH", group: "Engine", description: "Feature network the costs read: vgg19 = the official Keras ImageNet VGG19 (80 MB, `painterly models download vgg19` first; the classic look); vgg16 = the Keras ImageNet VGG16 (59 MB, `painterly models download vgg16` first; the defaults of VGG19); darknet-tiny = Darknet Tiny, a real 4 MB ImageNet network, downloaded on first use (from PAINTERLY_MODEL_MIRROR when set), about 10\xD7 cheaper per iteration; a name from `painterly models import`; PATH = a VGG19/VGG16 weights file you already have \u2014 PyTorch .pth (torchvision or neural-style-pt), .safetensors, Keras .h5, .weights.h5 or .keras, Caffe .caffemodel (e.g. neural-style's VGG_ILSVRC_19_layers.caffemodel); its format is read from its bytes \u2014 or a TF.js layers model.json. Each network has its own default layers, weights and pooling (`painterly models list`).", defaultText: DEFAULT_NETWORK },
  { flag: "weights", field: "weights", kind: "string", placeholder: "random[:SEED]|NAME|PATH", group: "Engine", description: "random[:SEED] = untrained He-initialised weights of the network, for trials \u2014 they transfer texture but look clearly worse than real ones; a NAME or PATH means the same as --network (the older spelling)." },
  { flag: "preprocessing", field: "preprocessing", kind: "string", placeholder: PREPROCESSING_NAMES.join("|"), group: "Engine", description: "How a VGG file's input is prepared: caffe = BGR 0\u2013255 minus the Caffe means (Keras, Caffe, neural-style-pt files); torchvision = RGB 0\u20131 with the ImageNet mean and std (torchvision's own files). Needed only for a .pth/.safetensors file Painterly does not know by its SHA-256; a known file refuses the wrong one.", defaultText: "the file's own" },
  THREADS_OPTION,
  DEVICE_OPTION,
  ...OUTPUT_MODE_OPTIONS
];

export {
  STYLIZE_OPTIONS
};
