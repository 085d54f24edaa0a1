import {
  createRng
} from "./chunk-6WINQWLN.js";
import {
  findLayer
} from "./chunk-GYDWO5CP.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/engine/network/weights.js
function randomNetworkWeights(network, seed, deepestLayer = network.layers.at(-1).name) {
  const rng = createRng(seed);
  const last = network.layers.indexOf(findLayer(network, deepestLayer));
  const layers = /* @__PURE__ */ new Map();
  for (const spec of network.layers.slice(0, last + 1)) {
    const { inChannels, outChannels, kernelSize } = spec;
    const std = Math.sqrt(2 / (kernelSize * kernelSize * inChannels));
    const kernel = new Float32Array(kernelSize * kernelSize * inChannels * outChannels);
    rng.fillNormal(kernel, std);
    layers.set(spec.name, { kernel, bias: new Float32Array(outChannels), inChannels, outChannels, kernelSize });
  }
  return { network, layers, source: `random:${seed}`, pretrained: false };
}
function validateNetworkWeights(weights, deepestLayer, fix = "Download them again (the model store replaces a damaged copy), or use untrained weights: `weights=random`.") {
  const { network } = weights;
  const deepestIndex = network.layers.indexOf(findLayer(network, deepestLayer, "deepestLayer"));
  const fail = (layer, problem) => new PainterlyError("WEIGHTS_INVALID", `${network.displayName} weights from ${weights.source} are invalid: layer ${layer} ${problem}. ${fix}`);
  let expectedIn = 3;
  let previous = "the RGB input";
  for (const spec of network.layers.slice(0, deepestIndex + 1)) {
    const layer = spec.name;
    const conv = weights.layers.get(layer);
    if (!conv)
      throw fail(layer, `is missing (needed up to ${deepestLayer}); present: ${[...weights.layers.keys()].join(", ") || "none"}`);
    const { inChannels, outChannels, kernel, bias, kernelSize: k } = conv;
    if (!Number.isInteger(inChannels) || !Number.isInteger(outChannels) || inChannels < 1 || outChannels < 1) {
      throw fail(layer, `has impossible channel counts in=${inChannels} out=${outChannels}`);
    }
    if (inChannels !== expectedIn) {
      throw fail(layer, `expects ${expectedIn} input channels (the output of ${previous}) but has ${inChannels}; kernel [${k},${k},${inChannels},${outChannels}]`);
    }
    if (k !== spec.kernelSize)
      throw fail(layer, `has a ${k}\xD7${k} kernel where the network has ${spec.kernelSize}\xD7${spec.kernelSize}`);
    if (kernel.length !== k * k * inChannels * outChannels) {
      throw fail(layer, `has a kernel of ${kernel.length} values, but a ${k}\xD7${k} kernel [${k},${k},${inChannels},${outChannels}] needs ${k * k * inChannels * outChannels}`);
    }
    if (bias.length !== outChannels)
      throw fail(layer, `has a bias of ${bias.length} values but ${outChannels} output channels`);
    if (!allFinite(kernel) || !allFinite(bias))
      throw fail(layer, "contains NaN or infinite values");
    expectedIn = outChannels;
    previous = layer;
  }
}
function foldBatchNorm(conv, norm) {
  const { outChannels } = conv;
  const scale = new Float64Array(outChannels);
  for (let o = 0; o < outChannels; o++)
    scale[o] = norm.gamma[o] / Math.sqrt(norm.variance[o] + norm.epsilon);
  const kernel = new Float32Array(conv.kernel.length);
  for (let i = 0; i < kernel.length; i++)
    kernel[i] = conv.kernel[i] * scale[i % outChannels];
  const bias = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++)
    bias[o] = (conv.bias[o] - norm.mean[o]) * scale[o] + norm.beta[o];
  return { ...conv, kernel, bias };
}
function allFinite(values) {
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i]))
      return false;
  return true;
}

export {
  randomNetworkWeights,
  validateNetworkWeights,
  foldBatchNorm
};
