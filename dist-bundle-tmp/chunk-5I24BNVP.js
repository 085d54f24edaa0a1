import {
  VGG_BLOCK_SIZES,
  vggTable
} from "./chunk-GYDWO5CP.js";

// dist/src/node/weights-file/vgg-convs.js
var CONV_COUNTS = Object.keys(VGG_BLOCK_SIZES).map((variant) => [
  variant,
  VGG_BLOCK_SIZES[variant].reduce((sum, size) => sum + size, 0)
]);
function vggWeightsFromConvs(convs, origin) {
  const variant = CONV_COUNTS.find(([, count]) => count === convs.length)?.[0];
  if (!variant) {
    const expected = CONV_COUNTS.map(([name, count]) => `${count} (${name.toUpperCase()})`).join(" or ");
    const found = convs.map((conv) => conv.fileName).join(", ") || "none";
    throw origin.invalid(`has ${convs.length} 3\xD73 convolutions where a VGG network has ${expected}; found: ${found}`);
  }
  if (origin.variant && origin.variant !== variant) {
    throw origin.invalid(`holds ${variant.toUpperCase()} (${convs.length} convolutions), not the ${origin.variant.toUpperCase()} asked for`);
  }
  const firstOfBlock = VGG_BLOCK_SIZES[variant].map((_, block) => VGG_BLOCK_SIZES[variant].slice(0, block).reduce((sum, size) => sum + size, 0));
  const widths = firstOfBlock.map((index) => convs[index].weights.outChannels);
  const table = vggTable(variant, widths);
  const layers = /* @__PURE__ */ new Map();
  let inChannels = 3;
  table.layers.forEach((spec, index) => {
    const { fileName, weights } = convs[index];
    const { kernelSize: k, inChannels: cin, outChannels: cout } = weights;
    const shape = `[${k},${k},${cin},${cout}] (k,k,in,out)`;
    if (k !== 3 || cin !== inChannels || cout !== spec.outChannels) {
      throw origin.invalid(`has layer ${fileName} (${spec.name}) with kernel ${shape}; expected [3,3,${inChannels},${spec.outChannels}] (3\xD73, ${inChannels} inputs from ${index === 0 ? "the image" : table.layers[index - 1].name}, block ${spec.stage}'s ${spec.outChannels} outputs)`);
    }
    if (weights.bias.length !== cout)
      throw origin.invalid(`has layer ${fileName} (${spec.name}) with a bias of ${weights.bias.length} values for ${cout} outputs`);
    layers.set(spec.name, weights);
    inChannels = cout;
  });
  return { network: table, layers, source: origin.source, pretrained: true };
}
function hwioFromOihw(oihw, outChannels, inChannels, kernelSize) {
  const k = kernelSize;
  const hwio = new Float32Array(outChannels * inChannels * k * k);
  for (let o = 0; o < outChannels; o++) {
    for (let i = 0; i < inChannels; i++) {
      for (let y = 0; y < k; y++) {
        for (let x = 0; x < k; x++)
          hwio[((y * k + x) * inChannels + i) * outChannels + o] = oihw[((o * inChannels + i) * k + y) * k + x];
      }
    }
  }
  return hwio;
}

export {
  vggWeightsFromConvs,
  hwioFromOihw
};
