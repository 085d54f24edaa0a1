import {
  invalidOption
} from "./chunk-ELBWPZQG.js";

// dist/src/engine/network/layers.js
function layerNamesOf(network) {
  return network.layers.map((layer) => layer.name);
}
function findLayer(network, name, option = "layer") {
  const layer = network.layers.find((candidate) => candidate.name === name);
  if (!layer)
    throw invalidOption(`a ${network.displayName} layer name (${describeLayerNames(network)})`, option, name);
  return layer;
}
function describeLayerNames(network) {
  const names = layerNamesOf(network);
  return names.length <= 6 ? names.join(", ") : `${names[0]} \u2026 ${names.at(-1)}`;
}
function layersUpTo(network, needed) {
  const deepest = Math.max(...needed.map((name) => network.layers.indexOf(findLayer(network, name))));
  return network.layers.slice(0, deepest + 1);
}
function deepestLayer(network, needed) {
  return layersUpTo(network, needed).at(-1);
}
function pooledSize(size, padding) {
  return padding === "same" ? Math.ceil(size / 2) : Math.floor(size / 2);
}
function spatialSizeAt(network, layer, height, width) {
  let size = [height, width];
  for (let pools = findLayer(network, layer).stage - 1; pools > 0; pools--) {
    size = [pooledSize(size[0], network.poolPadding), pooledSize(size[1], network.poolPadding)];
  }
  return size;
}
function minimumShortSide(network, layer) {
  return 2 ** (findLayer(network, layer).stage - 1);
}
function chainLayers(entries) {
  let inChannels = 3;
  let stage = 1;
  return entries.map((entry) => {
    if (entry.pooledBefore)
      stage++;
    const layer = { ...entry, inChannels, stage };
    inChannels = entry.outChannels;
    return layer;
  });
}

// dist/src/engine/vgg/architecture.js
var CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];
var VGG_BLOCK_SIZES = Object.freeze({
  vgg16: [2, 2, 3, 3, 3],
  vgg19: [2, 2, 4, 4, 4]
});
var DISPLAY_NAMES = { vgg16: "VGG16", vgg19: "VGG19" };
var VGG19_BLOCK_WIDTHS = [64, 128, 256, 512, 512];
function vggTable(variant, widths = VGG19_BLOCK_WIDTHS) {
  const layers = chainLayers(VGG_BLOCK_SIZES[variant].flatMap((size, block) => Array.from({ length: size }, (_, i) => ({
    name: `conv${block + 1}_${i + 1}`,
    kernelSize: 3,
    outChannels: widths[block],
    activation: { kind: "relu" },
    pooledBefore: block > 0 && i === 0
  }))));
  return {
    id: variant,
    displayName: DISPLAY_NAMES[variant],
    layers,
    preprocessing: { channelOrder: "bgr", scale: 1, mean: CAFFE_MEAN_BGR },
    poolPadding: "floor"
  };
}
function vgg19Table(widths = VGG19_BLOCK_WIDTHS) {
  return vggTable("vgg19", widths);
}
var VGG19 = vgg19Table();
var VGG16 = vggTable("vgg16");
var VGG19_CONV_LAYERS = VGG19.layers.map((layer) => layer.name);
var VGG16_CONV_LAYERS = VGG16.layers.map((layer) => layer.name);

export {
  findLayer,
  describeLayerNames,
  layersUpTo,
  deepestLayer,
  pooledSize,
  spatialSizeAt,
  minimumShortSide,
  chainLayers,
  CAFFE_MEAN_BGR,
  VGG_BLOCK_SIZES,
  VGG19_BLOCK_WIDTHS,
  vggTable,
  VGG19,
  VGG16,
  VGG19_CONV_LAYERS
};
