import {
  CAFFE_MEAN_BGR,
  VGG16,
  VGG19,
  chainLayers
} from "./chunk-GYDWO5CP.js";

// dist/src/engine/darknet/architecture.js
var LEAKY = { kind: "leaky-relu", alpha: 0.1 };
var LAYERS = [
  [3, 16, false],
  [3, 32, true],
  [1, 16, true],
  [3, 128, false],
  [1, 16, false],
  [3, 128, false],
  [1, 32, true],
  [3, 256, false],
  [1, 32, false],
  [3, 256, false],
  [1, 64, true],
  [3, 512, false],
  [1, 64, false],
  [3, 512, false],
  [1, 128, false],
  [1, 1e3, false]
];
var DARKNET_TINY = {
  id: "darknet-tiny",
  displayName: "Darknet Tiny",
  layers: chainLayers(LAYERS.map(([kernelSize, outChannels, pooledBefore], index) => ({
    name: `conv${index + 1}`,
    kernelSize,
    outChannels,
    activation: index === LAYERS.length - 1 ? { kind: "none" } : LEAKY,
    pooledBefore
  }))),
  preprocessing: { channelOrder: "rgb", scale: 1 / 255, mean: [0, 0, 0] },
  poolPadding: "same"
};

// dist/src/engine/gatys/neural-style-weights.js
function neuralStyleWeights(spec) {
  const first = spec.styleChannels[0];
  return {
    contentWeight: 4 * spec.contentWeight,
    styleWeight: 4 * spec.styleWeight / first ** 2,
    styleLayerWeights: spec.styleChannels.map((channels) => (first / channels) ** 2)
  };
}

// dist/src/engine/network/registry.js
var equalWeights = (layers) => layers.map((layer) => ({ layer, weight: 1 / layers.length }));
var NEURAL_STYLE = neuralStyleWeights({ contentWeight: 5, styleWeight: 100, styleChannels: [64, 128, 256, 512, 512] });
var NEURAL_STYLE_LAYERS = Object.freeze(["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"].map((layer, index) => ({ layer, weight: NEURAL_STYLE.styleLayerWeights[index] })));
var NEURAL_STYLE_COST_WEIGHTS = Object.freeze({ content: NEURAL_STYLE.contentWeight, style: NEURAL_STYLE.styleWeight });
var NEURAL_STYLE_DEFAULTS = Object.freeze({
  contentLayers: ["conv4_2"],
  styleLayers: NEURAL_STYLE_LAYERS,
  contentWeight: NEURAL_STYLE_COST_WEIGHTS.content,
  styleWeight: NEURAL_STYLE_COST_WEIGHTS.style,
  pooling: "max",
  init: "gray",
  styleLoss: "gram",
  styleBalance: false
});
var NETWORKS = Object.freeze({
  vgg19: {
    id: "vgg19",
    table: VGG19,
    summary: "VGG19 (Keras ImageNet weights, 80 MB download): the classic Gatys look",
    defaults: NEURAL_STYLE_DEFAULTS
  },
  vgg16: {
    id: "vgg16",
    table: VGG16,
    summary: "VGG16 (Keras ImageNet weights, 59 MB download): VGG19 less three deep convolutions, a close look",
    defaults: NEURAL_STYLE_DEFAULTS
  },
  "darknet-tiny": {
    id: "darknet-tiny",
    table: DARKNET_TINY,
    summary: "Darknet Tiny (real ImageNet classifier, 4 MB, ml5.js): real features, ~10\xD7 fewer multiplications than VGG19",
    defaults: {
      contentLayers: ["conv10"],
      styleLayers: equalWeights(["conv1", "conv2", "conv4", "conv8", "conv12"]),
      // Balanced style layers (styleBalance): β is the style gradient's L1 norm at the start of each
      // scale. On six pairs at 512 px (docs/networks.md, 2026-12-07) β 0.5 against α 4 painted swirls and
      // brush strokes while faces stayed whole; β 1–2 began to dissolve the astronaut's face.
      contentWeight: 4,
      styleWeight: 0.5,
      pooling: "max",
      // Content init kept the cat's fur and the cup's rim sharp where noise init (0.6) left grain.
      init: "content",
      styleLoss: "gram",
      styleBalance: true
    }
  }
});
var NETWORK_IDS = Object.keys(NETWORKS);
function isNetworkId(name) {
  return Object.hasOwn(NETWORKS, name);
}

// dist/src/engine/vgg/preprocessing.js
var PREPROCESSING_NAMES = ["caffe", "torchvision"];
var IMAGENET_MEAN_RGB = [0.485, 0.456, 0.406];
var IMAGENET_STD_RGB = [0.229, 0.224, 0.225];
var PREPROCESSINGS = Object.freeze({
  caffe: { channelOrder: "bgr", scale: 1, mean: CAFFE_MEAN_BGR },
  torchvision: { channelOrder: "rgb", scale: 1 / 255, mean: IMAGENET_MEAN_RGB, std: IMAGENET_STD_RGB }
});
var PREPROCESSING_SUMMARIES = Object.freeze({
  caffe: "BGR on 0\u2013255 minus the Caffe means (Keras, Caffe and neural-style-pt VGG files)",
  torchvision: "RGB on 0\u20131 normalised by the ImageNet mean and std (torchvision VGG files)"
});
function withPreprocessing(table, name) {
  return { ...table, preprocessing: PREPROCESSINGS[name] };
}

// dist/src/options/device.js
import { z } from "zod";
var DEVICE_NAMES = ["cpu", "webgpu", "cuda", "auto"];
var DEFAULT_DEVICE = "cpu";
var deviceSchema = z.enum(DEVICE_NAMES).default(DEFAULT_DEVICE);

export {
  DARKNET_TINY,
  NEURAL_STYLE_LAYERS,
  NEURAL_STYLE_COST_WEIGHTS,
  NETWORKS,
  NETWORK_IDS,
  isNetworkId,
  PREPROCESSING_NAMES,
  PREPROCESSING_SUMMARIES,
  withPreprocessing,
  DEVICE_NAMES,
  DEFAULT_DEVICE,
  deviceSchema
};
