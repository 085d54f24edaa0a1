import {
  emitConv,
  emitNetworkForward,
  useWinograd
} from "./chunk-5XKSNP64.js";
import {
  GraphBuilder,
  emitPositiveMask,
  emitReluBackward,
  emitSum
} from "./chunk-SMFVLVLN.js";
import {
  createOptimizer,
  createRgbImage
} from "./chunk-RLZ7CLXZ.js";
import {
  createRng
} from "./chunk-6WINQWLN.js";
import {
  deepestLayer,
  layersUpTo,
  spatialSizeAt
} from "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  throwIfAborted
} from "./chunk-ELBWPZQG.js";

// dist/src/engine/upsample.js
var KEYS_A = -0.5;
function upsampleImage(image, width, height, kernel = "bicubic") {
  const data = resamplePlanes(image.data, 3, image.width, image.height, width, height, kernel);
  return createRgbImage(width, height, data);
}
function resamplePlanes(data, planes, inWidth, inHeight, outWidth, outHeight, kernel, keysA = KEYS_A) {
  if (data.length !== planes * inWidth * inHeight) {
    throw new RangeError(`expected ${planes * inWidth * inHeight} values, got ${data.length}`);
  }
  const columnTaps = taps(inWidth, outWidth, kernel, keysA);
  const rowTaps = taps(inHeight, outHeight, kernel, keysA);
  const out = new Float32Array(planes * outWidth * outHeight);
  const widened = new Float64Array(outWidth * inHeight);
  for (let plane = 0; plane < planes; plane++) {
    const source = plane * inWidth * inHeight;
    for (let y = 0; y < inHeight; y++) {
      const row = source + y * inWidth;
      for (let x = 0; x < outWidth; x++) {
        const { index, weight } = columnTaps[x];
        let sum = 0;
        for (let k = 0; k < index.length; k++)
          sum += weight[k] * data[row + index[k]];
        widened[y * outWidth + x] = sum;
      }
    }
    const target = plane * outWidth * outHeight;
    for (let y = 0; y < outHeight; y++) {
      const { index, weight } = rowTaps[y];
      const offset = target + y * outWidth;
      for (let x = 0; x < outWidth; x++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++)
          sum += weight[k] * widened[index[k] * outWidth + x];
        out[offset + x] = sum;
      }
    }
  }
  return out;
}
function taps(inSize, outSize, kernel, keysA) {
  const scale = inSize / outSize;
  const result = [];
  for (let out = 0; out < outSize; out++) {
    const centre = (out + 0.5) * scale - 0.5;
    const base = Math.floor(centre);
    const t = centre - base;
    const offsets = kernel === "bicubic" ? [-1, 0, 1, 2] : [0, 1];
    const weights = kernel === "bicubic" ? [cubic(1 + t, keysA), cubic(t, keysA), cubic(1 - t, keysA), cubic(2 - t, keysA)] : [1 - t, t];
    const index = new Int32Array(offsets.length);
    offsets.forEach((offset, k) => index[k] = Math.min(inSize - 1, Math.max(0, base + offset)));
    result.push({ index, weight: Float64Array.from(weights) });
  }
  return result;
}
function cubic(x, a) {
  const d = Math.abs(x);
  if (d <= 1)
    return ((a + 2) * d - (a + 3)) * d * d + 1;
  if (d < 2)
    return (((d - 5) * d + 8) * d - 4) * a;
  return 0;
}

// dist/src/engine/gatys/initial-image.js
var NOISE_AMPLITUDE = 20;
var MEAN_COLOUR = [123.68, 116.779, 103.939];
var GRAY_NOISE = 1e-3;
function initialImage(kind, content, options) {
  const rng = createRng(options.seed);
  const data = new Float32Array(content.data.length);
  const plane = content.width * content.height;
  const meanAt = (i) => MEAN_COLOUR[Math.floor(i / plane)];
  switch (kind) {
    case "noise":
      for (let i = 0; i < data.length; i++) {
        const noise = (2 * rng.uniform() - 1) * NOISE_AMPLITUDE;
        data[i] = meanAt(i) + options.noiseRatio * noise + (1 - options.noiseRatio) * (content.data[i] - meanAt(i));
      }
      break;
    case "random":
      for (let i = 0; i < data.length; i++)
        data[i] = 255 * rng.uniform();
      break;
    case "gray":
      for (let i = 0; i < data.length; i++)
        data[i] = meanAt(i) + GRAY_NOISE * rng.normal();
      break;
    case "content":
      data.set(content.data);
      break;
    case "image":
      if (!options.initImage)
        throw new Error('init "image" needs initImage');
      data.set(options.initImage.data);
      break;
  }
  return createRgbImage(content.width, content.height, data);
}

// dist/src/engine/gatys/running-average.js
var AVERAGE_DECAY = 0.9;
var RunningAverage = class {
  decay;
  sum;
  updates = 0;
  constructor(size, decay = AVERAGE_DECAY) {
    this.decay = decay;
    this.sum = new Float32Array(size);
  }
  /** Folds in the next iterate. */
  add(values) {
    const { decay, sum } = this;
    for (let i = 0; i < sum.length; i++)
      sum[i] = decay * sum[i] + (1 - decay) * values[i];
    this.updates += 1;
  }
  /** The bias-corrected average (a fresh array); `fallback` when nothing was added yet. */
  value(fallback) {
    if (this.updates === 0)
      return fallback.slice();
    const correction = 1 / (1 - this.decay ** this.updates);
    return this.sum.map((value) => value * correction);
  }
  state() {
    return { sum: this.sum.slice(), updates: this.updates };
  }
  restore(state) {
    if (state.sum.length !== this.sum.length)
      throw new RangeError(`average of ${state.sum.length} values restored into one of ${this.sum.length}`);
    this.sum.set(state.sum);
    this.updates = state.updates;
  }
};

// dist/src/engine/gatys/layer-selection.js
var DEFAULT_LAYER_SELECTION = Object.freeze({
  contentLayers: ["conv4_2"],
  styleLayers: ["conv1_1", "conv2_1", "conv3_1", "conv4_1", "conv5_1"].map((layer) => ({ layer, weight: 0.2 })),
  pooling: "avg"
});
function neededLayers(selection) {
  return [.../* @__PURE__ */ new Set([...selection.contentLayers, ...selection.styleLayers.map((entry) => entry.layer)])];
}

// dist/src/engine/network/backward.js
function emitNetworkBackward(graph, traces, weights, pooling, activationGradients, convolution = "auto") {
  let upstream;
  for (let i = traces.length - 1; i >= 0; i--) {
    const trace = traces[i];
    const incoming = [...activationGradients.get(trace.spec.name) ?? [], ...upstream ? [upstream] : []];
    if (incoming.length === 0)
      continue;
    const activationGradient = emitSum(graph, incoming);
    const preActivationGradient = emitActivationBackward(graph, activationGradient, trace.activation, trace.spec.activation);
    const conv = weights.layers.get(trace.spec.name);
    let inputGradient = emitConv(graph, preActivationGradient, trace.dims, conv, {
      direction: "backward",
      stage: trace.spec.stage,
      algorithm: convolution,
      name: `${trace.spec.name}_backward`
    });
    if (trace.pool)
      inputGradient = emitPoolBackward(graph, inputGradient, trace.inputDims, trace.pool, pooling);
    upstream = inputGradient;
  }
  if (!upstream)
    throw new Error("emitNetworkBackward: no layer received a gradient");
  return emitPreprocessingBackward(graph, upstream, weights.network);
}
function emitActivationBackward(graph, gradient, activation, kind) {
  if (kind.kind === "none")
    return gradient;
  if (kind.kind === "relu")
    return emitReluBackward(graph, gradient, activation);
  const slope = graph.op("Add", [graph.op("Mul", [emitPositiveMask(graph, activation), graph.constFloat(1 - kind.alpha)]), graph.constFloat(kind.alpha)]);
  return graph.op("Mul", [gradient, slope]);
}
function emitPreprocessingBackward(graph, gradient, network) {
  const { channelOrder, scale, std } = network.preprocessing;
  const perChannel = std && std.some((s) => s !== 1);
  const scaled = perChannel ? graph.op("Mul", [gradient, graph.constFloat(std.map((s) => scale / s), [1, 3, 1, 1])]) : scale !== 1 ? graph.op("Mul", [gradient, graph.constFloat(scale)]) : gradient;
  return channelOrder === "bgr" ? graph.op("Gather", [scaled, graph.constInt64([2, 1, 0])], { axis: { int: 1 } }) : scaled;
}
function emitPoolBackward(graph, outputGradient, outputDims, pool, pooling) {
  const [, height, width] = outputDims;
  const [, inputHeight, inputWidth] = pool.inputDims;
  const coveredHeight = Math.min(2 * height, inputHeight);
  const coveredWidth = Math.min(2 * width, inputWidth);
  const crop = (value) => coveredHeight === 2 * height && coveredWidth === 2 * width ? value : graph.op("Slice", [value, graph.constInt64([0, 0]), graph.constInt64([coveredHeight, coveredWidth]), graph.constInt64([2, 3])]);
  const cropInput = (value) => coveredHeight === inputHeight && coveredWidth === inputWidth ? value : graph.op("Slice", [value, graph.constInt64([0, 0]), graph.constInt64([coveredHeight, coveredWidth]), graph.constInt64([2, 3])]);
  let routed;
  if (pooling === "avg") {
    const shares = windowShares(height, width, inputHeight, inputWidth);
    routed = crop(upsample2x(graph, graph.op("Mul", [outputGradient, shares === 0.25 ? graph.constFloat(0.25) : graph.constFloat(shares, [1, 1, height, width])])));
  } else {
    const maxima = crop(upsample2x(graph, pool.output));
    const isMax = graph.op("Sub", [graph.constFloat(1), emitPositiveMask(graph, graph.op("Sub", [maxima, cropInput(pool.input)]))]);
    routed = graph.op("Mul", [crop(upsample2x(graph, outputGradient)), isMax]);
  }
  const padBottom = inputHeight - coveredHeight;
  const padRight = inputWidth - coveredWidth;
  if (padBottom === 0 && padRight === 0)
    return routed;
  return graph.op("Pad", [routed, graph.constInt64([0, 0, 0, 0, 0, 0, padBottom, padRight])]);
}
function windowShares(height, width, inputHeight, inputWidth) {
  if (2 * height <= inputHeight && 2 * width <= inputWidth)
    return 0.25;
  const shares = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      shares.push(1 / (Math.min(2, inputHeight - 2 * y) * Math.min(2, inputWidth - 2 * x)));
  return shares;
}
function upsample2x(graph, value) {
  return graph.op("Resize", [value, "", graph.constFloat([1, 1, 2, 2], [4])], {
    mode: { string: "nearest" },
    coordinate_transformation_mode: { string: "asymmetric" },
    nearest_mode: { string: "floor" }
  });
}

// dist/src/engine/gatys/loss-heads.js
var keepNoDims = { keepdims: { int: 0 } };
function emitContentHead(graph, activation, dims, target, weight, tile) {
  const size = tile?.size ?? dims[0] * dims[1] * dims[2];
  const fullDifference = graph.op("Sub", [activation, target]);
  const difference = tile ? graph.op("Mul", [fullDifference, tile.mask]) : fullDifference;
  const sumOfSquares = graph.op("ReduceSumSquare", [difference], keepNoDims);
  const gradientScale = graph.op("Mul", [weight, graph.constFloat(1 / (2 * size))]);
  return {
    loss: graph.op("Mul", [sumOfSquares, graph.constFloat(1 / (4 * size))]),
    gradient: graph.op("Mul", [difference, gradientScale])
  };
}
function emitGram(graph, activation, dims) {
  const [channels, height, width] = dims;
  const features = graph.op("Reshape", [activation, graph.constInt64([channels, height * width])]);
  return { gram: graph.op("Gemm", [features, features], { transB: { int: 1 } }), features };
}
function emitStyleHead(graph, activation, dims, targetGram, weight) {
  const [channels, height, width] = dims;
  const scale = 1 / (2 * channels * height * width) ** 2;
  const { gram, features } = emitGram(graph, activation, dims);
  const difference = graph.op("Sub", [gram, targetGram]);
  const sumOfSquares = graph.op("ReduceSumSquare", [difference], keepNoDims);
  const weightedDifference = graph.op("Mul", [difference, weight]);
  const featureGradient = graph.op("Gemm", [weightedDifference, features], { alpha: { float: 4 * scale } });
  return {
    loss: graph.op("Mul", [sumOfSquares, graph.constFloat(scale)]),
    gradient: graph.op("Reshape", [featureGradient, graph.constInt64([1, channels, height, width])])
  };
}
function emitTotalVariationHead(graph, image, height, width, weight) {
  const normaliser = 1 / (height * width * 3);
  const vertical = neighbourDifference(graph, image, 2, height);
  const horizontal = neighbourDifference(graph, image, 3, width);
  const sum = graph.op("Add", [
    graph.op("ReduceSumSquare", [vertical], keepNoDims),
    graph.op("ReduceSumSquare", [horizontal], keepNoDims)
  ]);
  const gradient = graph.op("Add", [
    differenceGradient(graph, vertical, 2, height),
    differenceGradient(graph, horizontal, 3, width)
  ]);
  return {
    loss: graph.op("Mul", [sum, graph.constFloat(normaliser)]),
    gradient: graph.op("Mul", [gradient, graph.op("Mul", [weight, graph.constFloat(2 * normaliser)])])
  };
}
function neighbourDifference(graph, image, axis, size) {
  const later = slice(graph, image, axis, 1, size);
  const earlier = slice(graph, image, axis, 0, size - 1);
  return graph.op("Sub", [later, earlier]);
}
function differenceGradient(graph, difference, axis, size) {
  const pads = [0, 0, 0, 0, 0, 0, 0, 0];
  pads[axis] = 1;
  pads[axis + 4] = 1;
  const padded = graph.op("Pad", [difference, graph.constInt64(pads)]);
  return graph.op("Sub", [slice(graph, padded, axis, 0, size), slice(graph, padded, axis, 1, size + 1)]);
}
function slice(graph, value, axis, start, end) {
  return graph.op("Slice", [value, graph.constInt64([start]), graph.constInt64([end]), graph.constInt64([axis])]);
}

// dist/src/engine/gatys/w2-head.js
function w2Iterations(size) {
  if (size <= 128)
    return 24;
  return size <= 256 ? 16 : 12;
}
var NULL_RIDGE = 1e-6;
function emitW2Head(graph, activation, dims, target, weight) {
  const [channels, height, width] = dims;
  const positions = height * width;
  const features = graph.op("Reshape", [activation, graph.constInt64([channels, positions])]);
  const mean = graph.op("ReduceMean", [features], { axes: { ints: [1] }, keepdims: { int: 1 } });
  const centred = graph.op("Sub", [features, mean]);
  const covariance = graph.op("Gemm", [centred, centred], { transB: { int: 1 }, alpha: { float: 1 / positions } });
  const factor = target.covarianceFactor;
  const transposedTimes = (value) => graph.op("Gemm", [factor, value], { transA: { int: 1 } });
  const targetMean = graph.op("Reshape", [target.mean, graph.constInt64([channels, 1])]);
  const meanDifference = graph.op("Sub", [mean, targetMean]);
  const channelIdentity = identityMatrix(graph, channels);
  const covarianceTrace = graph.op("ReduceSum", [graph.op("Mul", [covariance, channelIdentity])], { keepdims: { int: 0 } });
  let sqrtTrace;
  let correction;
  if (positions < channels) {
    const b = graph.op("Mul", [transposedTimes(centred), graph.constFloat(1 / Math.sqrt(positions))]);
    const k = graph.op("Gemm", [b, b], { transA: { int: 1 } });
    const identity = identityMatrix(graph, positions);
    const nullEigenvalue = graph.op("Mul", [graph.op("ReduceSum", [graph.op("Mul", [k, identity])], { keepdims: { int: 0 } }), graph.constFloat(1 / positions)]);
    const ones = graph.initializer("ones", new Float32Array(positions * positions).fill(1 / positions), [positions, positions]);
    const completed = graph.op("Add", [k, graph.op("Mul", [ones, nullEigenvalue])]);
    const result = emitNewtonSchulz(graph, completed, identity, w2Iterations(positions));
    sqrtTrace = graph.op("Sub", [result.sqrtTrace, graph.op("Sqrt", [nullEigenvalue])]);
    correction = graph.op("Mul", [graph.op("MatMul", [factor, graph.op("MatMul", [b, result.inverseRoot])]), graph.constFloat(Math.sqrt(positions))]);
  } else {
    const middle = transposedTimes(graph.op("MatMul", [covariance, factor]));
    const result = emitNewtonSchulz(graph, middle, channelIdentity, w2Iterations(channels));
    sqrtTrace = result.sqrtTrace;
    correction = graph.op("MatMul", [factor, graph.op("MatMul", [result.inverseRoot, transposedTimes(centred)])]);
  }
  const loss = emitSum(graph, [
    graph.op("ReduceSumSquare", [meanDifference], { keepdims: { int: 0 } }),
    covarianceTrace,
    graph.op("Mul", [sqrtTrace, graph.constFloat(-2)])
  ]);
  const scale = graph.op("Mul", [weight, graph.constFloat(2 / positions)]);
  const featureGradient = graph.op("Add", [graph.op("Sub", [centred, correction]), meanDifference]);
  return {
    loss,
    gradient: graph.op("Reshape", [graph.op("Mul", [featureGradient, scale]), graph.constInt64([1, channels, height, width])])
  };
}
function emitNewtonSchulz(graph, input, identity, iterations) {
  const size = graph.op("ReduceSum", [identity], { keepdims: { int: 0 } });
  const meanEigenvalue = graph.op("Div", [graph.op("ReduceSum", [graph.op("Mul", [input, identity])], { keepdims: { int: 0 } }), size]);
  const matrix = graph.op("Add", [input, graph.op("Mul", [identity, graph.op("Mul", [meanEigenvalue, graph.constFloat(NULL_RIDGE)])])]);
  const norm = graph.op("Add", [graph.op("Sqrt", [graph.op("ReduceSumSquare", [matrix], { keepdims: { int: 0 } })]), graph.constFloat(1e-30)]);
  const threeHalves = graph.op("Mul", [identity, graph.constFloat(1.5)]);
  let y = graph.op("Div", [matrix, norm]);
  let t = graph.op("Sub", [threeHalves, graph.op("Mul", [y, graph.constFloat(0.5)])]);
  y = graph.op("MatMul", [y, t]);
  let z = t;
  for (let k = 1; k < iterations; k++) {
    t = graph.op("Sub", [threeHalves, graph.op("Mul", [graph.op("MatMul", [z, y]), graph.constFloat(0.5)])]);
    y = graph.op("MatMul", [y, t]);
    z = graph.op("MatMul", [t, z]);
  }
  const rootNorm = graph.op("Sqrt", [norm]);
  return {
    sqrtTrace: graph.op("Mul", [graph.op("ReduceSum", [graph.op("Mul", [y, identity])], { keepdims: { int: 0 } }), rootNorm]),
    inverseRoot: graph.op("Div", [z, rootNorm]),
    root: graph.op("Mul", [y, rootNorm])
  };
}
function identityMatrix(graph, channels) {
  const data = new Float32Array(channels * channels);
  for (let i = 0; i < channels; i++)
    data[i * channels + i] = 1;
  return graph.initializer("identity", data, [channels, channels]);
}

// dist/src/engine/gatys/loss-graph.js
var LOSS_GRAPH_OUTPUTS = {
  content: "content_cost",
  /** [L]: each style layer's unweighted J_style^l (for `w2` without its constant tr Σ_S). */
  styleLayers: "style_layer_costs",
  totalVariation: "tv_cost",
  gradient: "gradient"
};
var TERM_WEIGHTS_INPUT = "term_weights";
function termWeight(graph, termWeights, index) {
  return graph.op("Slice", [termWeights, graph.constInt64([index]), graph.constInt64([index + 1]), graph.constInt64([0])]);
}
function buildLossGraph(spec) {
  const { height, width, weights, selection, styleLoss, convolution } = spec;
  const graph = new GraphBuilder("painterly_gatys_step");
  const imageDims = [1, 3, height, width];
  const image = graph.input("image", imageDims);
  const termWeights = graph.input(TERM_WEIGHTS_INPUT, [2 + selection.styleLayers.length]);
  const traces = emitNetworkForward(graph, image, height, width, {
    weights,
    pooling: selection.pooling,
    neededLayers: neededLayers(selection),
    convolution
  });
  const gradients = /* @__PURE__ */ new Map();
  const addGradient = (layer, gradient2) => gradients.set(layer, [...gradients.get(layer) ?? [], gradient2]);
  const contentTargets2 = [];
  const contentLosses = [];
  for (const layer of selection.contentLayers) {
    const trace = traceOf(traces, layer);
    const target = graph.input(`content_target_${layer}`, [1, ...trace.dims]);
    contentTargets2.push({ name: target, layer, dims: [1, ...trace.dims] });
    const head = emitContentHead(graph, trace.activation, trace.dims, target, termWeight(graph, termWeights, 0));
    contentLosses.push(head.loss);
    addGradient(layer, head.gradient);
  }
  const styleTargets = [];
  const styleLosses = [];
  selection.styleLayers.forEach(({ layer }, index) => {
    const trace = traceOf(traces, layer);
    const channels = trace.dims[0];
    const weight = termWeight(graph, termWeights, 2 + index);
    const targetInput = (statistic, dims) => {
      const name = graph.input(`style_${statistic}_${layer}`, dims);
      styleTargets.push({ name, layer, dims, statistic });
      return name;
    };
    const head = styleLoss === "w2" ? emitW2Head(graph, trace.activation, trace.dims, { mean: targetInput("mean", [channels]), covarianceFactor: targetInput("covarianceFactor", [channels, channels]) }, weight) : emitStyleHead(graph, trace.activation, trace.dims, targetInput("gram", [channels, channels]), weight);
    styleLosses.push(graph.op("Reshape", [head.loss, graph.constInt64([1])]));
    addGradient(layer, head.gradient);
  });
  let gradient = emitNetworkBackward(graph, traces, weights, selection.pooling, gradients, convolution);
  let tvLoss = graph.op("ReduceSum", [graph.op("Mul", [termWeights, graph.constFloat(0)])], { keepdims: { int: 0 } });
  if (spec.totalVariation) {
    const tv = emitTotalVariationHead(graph, image, height, width, termWeight(graph, termWeights, 1));
    gradient = graph.op("Add", [gradient, tv.gradient]);
    tvLoss = tv.loss;
  }
  graph.output(sumOf(graph, contentLosses), LOSS_GRAPH_OUTPUTS.content, []);
  const styleLayerCosts = styleLosses.length === 1 ? styleLosses[0] : graph.op("Concat", styleLosses, { axis: { int: 0 } });
  graph.output(styleLayerCosts, LOSS_GRAPH_OUTPUTS.styleLayers, [styleLosses.length]);
  graph.output(tvLoss, LOSS_GRAPH_OUTPUTS.totalVariation, []);
  graph.output(gradient, LOSS_GRAPH_OUTPUTS.gradient, imageDims);
  return { model: graph.toModel(), imageDims, contentTargets: contentTargets2, styleTargets };
}
function traceOf(traces, layer) {
  const trace = traces.find((candidate) => candidate.spec.name === layer);
  if (!trace)
    throw new Error(`layer ${layer} is not in the forward graph`);
  return trace;
}
function sumOf(graph, values) {
  if (values.length === 0)
    return graph.constFloat(0);
  return emitSum(graph, values);
}

// dist/src/engine/gatys/target-graph.js
function buildTargetGraph(spec) {
  const graph = new GraphBuilder("painterly_targets");
  const image = graph.input("image", [1, 3, spec.height, spec.width]);
  const traces = emitNetworkForward(graph, image, spec.height, spec.width, {
    weights: spec.weights,
    pooling: spec.pooling,
    neededLayers: [...spec.activationLayers, ...spec.gramLayers, ...spec.meanLayers ?? []],
    convolution: spec.convolution
  });
  const outputs = [];
  for (const layer of spec.activationLayers) {
    const trace = traceOf(traces, layer);
    const dims = [1, ...trace.dims];
    outputs.push({ name: graph.output(trace.activation, `activation_${layer}`, dims), layer, kind: "activation", dims, positions: trace.dims[1] * trace.dims[2] });
  }
  for (const layer of spec.gramLayers) {
    const trace = traceOf(traces, layer);
    const dims = [trace.dims[0], trace.dims[0]];
    const { gram } = emitGram(graph, trace.activation, trace.dims);
    outputs.push({ name: graph.output(gram, `gram_${layer}`, dims), layer, kind: "gram", dims, positions: trace.dims[1] * trace.dims[2] });
  }
  for (const layer of spec.meanLayers ?? []) {
    const trace = traceOf(traces, layer);
    const [channels, height, width] = trace.dims;
    const positions = height * width;
    const features = graph.op("Reshape", [trace.activation, graph.constInt64([channels, positions])]);
    const mean = graph.op("ReduceMean", [features], { axes: { ints: [1] }, keepdims: { int: 1 } });
    const centred = graph.op("Sub", [features, mean]);
    const covariance = graph.op("Gemm", [centred, centred], { transB: { int: 1 }, alpha: { float: 1 / positions } });
    outputs.push({ name: graph.output(graph.op("Reshape", [mean, graph.constInt64([channels])]), `mean_${layer}`, [channels]), layer, kind: "mean", dims: [channels], positions });
    outputs.push({ name: graph.output(covariance, `covariance_${layer}`, [channels, channels]), layer, kind: "covariance", dims: [channels, channels], positions });
  }
  return { model: graph.toModel(), outputs };
}

// dist/src/engine/gatys/cholesky.js
function choleskyFactor(matrix, n) {
  const factor = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j * n + j];
    for (let k = 0; k < j; k++)
      pivot -= factor[j * n + k] ** 2;
    if (!(pivot > 0))
      throw new Error(`Cholesky: matrix not positive definite at pivot ${j} (${pivot})`);
    const diagonal = Math.sqrt(pivot);
    factor[j * n + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i * n + j];
      const rowI = i * n;
      const rowJ = j * n;
      for (let k = 0; k < j; k++)
        sum -= factor[rowI + k] * factor[rowJ + k];
      factor[rowI + j] = sum / diagonal;
    }
  }
  return factor;
}

// dist/src/engine/gatys/style-targets.js
var COVARIANCE_RIDGE = 1e-5;
async function computeStyleTargets(runtime, weights, selection, styleLoss, styles, positionsByLayer) {
  const total = styles.reduce((sum, style) => sum + style.weight, 0);
  const layers = selection.styleLayers.map((entry) => entry.layer);
  const perStyle = [];
  for (const style of styles) {
    const graph = buildTargetGraph({
      height: style.image.height,
      width: style.image.width,
      weights,
      pooling: selection.pooling,
      activationLayers: [],
      gramLayers: styleLoss === "gram" ? layers : [],
      meanLayers: styleLoss === "w2" ? layers : [],
      // One run per style image: Winograd's filters would cost more to compute and load than they save.
      convolution: "direct"
    });
    const outputs = await runOnce(runtime, graph.model, style.image);
    const grams = /* @__PURE__ */ new Map();
    const means2 = /* @__PURE__ */ new Map();
    const covariances = /* @__PURE__ */ new Map();
    for (const output of graph.outputs) {
      const values = outputs[output.name].data;
      if (output.kind === "mean")
        means2.set(output.layer, values);
      else if (output.kind === "covariance")
        covariances.set(output.layer, values);
      else if (output.kind === "gram")
        grams.set(output.layer, values.map((value) => value * (positionsByLayer.get(output.layer) ?? output.positions) / output.positions));
    }
    perStyle.push({ weight: style.weight / total, grams, means: means2, covariances });
  }
  const blend = (pick) => {
    const mean = new Float32Array(pick(perStyle[0]).length);
    for (const style of perStyle) {
      const values = pick(style);
      for (let i = 0; i < mean.length; i++)
        mean[i] += style.weight * values[i];
    }
    return mean;
  };
  const constants = /* @__PURE__ */ new Map();
  if (styleLoss === "gram") {
    const grams = /* @__PURE__ */ new Map();
    for (const { layer } of selection.styleLayers) {
      const mean = blend((style) => style.grams.get(layer));
      let spread = 0;
      for (const style of perStyle) {
        const gram = style.grams.get(layer);
        let squared = 0;
        for (let i = 0; i < mean.length; i++)
          squared += (gram[i] - mean[i]) ** 2;
        spread += style.weight * squared;
      }
      const channels = Math.sqrt(mean.length);
      grams.set(layer, mean);
      constants.set(layer, spread / (2 * channels * positionsByLayer.get(layer)) ** 2);
    }
    return { kind: "gram", grams, constants };
  }
  const means = /* @__PURE__ */ new Map();
  const covarianceFactors = /* @__PURE__ */ new Map();
  for (const { layer } of selection.styleLayers) {
    const mean = blend((style) => style.means.get(layer));
    const channels = mean.length;
    const covariance = new Float64Array(channels * channels);
    for (const style of perStyle) {
      const own = style.covariances.get(layer);
      const styleMean = style.means.get(layer);
      for (let i = 0; i < channels; i++) {
        const di = styleMean[i] - mean[i];
        for (let j = 0; j < channels; j++)
          covariance[i * channels + j] += style.weight * (own[i * channels + j] + di * (styleMean[j] - mean[j]));
      }
    }
    let trace = 0;
    for (let i = 0; i < channels; i++)
      trace += covariance[i * channels + i];
    const ridge = COVARIANCE_RIDGE * trace / channels;
    for (let i = 0; i < channels; i++)
      covariance[i * channels + i] += ridge;
    means.set(layer, mean);
    covarianceFactors.set(layer, Float32Array.from(choleskyFactor(covariance, channels)));
    constants.set(layer, trace + ridge * channels);
  }
  return { kind: "w2", means, covarianceFactors, constants };
}
function styleTargetFeeds(targets, inputs) {
  const feeds = {};
  for (const input of inputs) {
    const data = targets.kind === "gram" ? targets.grams.get(input.layer) : input.statistic === "mean" ? targets.means.get(input.layer) : targets.covarianceFactors.get(input.layer);
    if (!data)
      throw new Error(`no ${input.statistic} target for ${input.layer} (${targets.kind})`);
    feeds[input.name] = { data, dims: input.dims };
  }
  return feeds;
}
async function runOnce(runtime, model, image) {
  const session = await runtime.createSession(model);
  try {
    return await session.run({ image: { data: image.data, dims: [1, 3, image.height, image.width] } });
  } finally {
    await session.release();
  }
}

// dist/src/engine/gatys/term-weights.js
function createTermWeights(costWeights, selection) {
  const lambdas = selection.styleLayers.map((entry) => entry.weight);
  let factors = lambdas.map(() => 1);
  const build = () => Float32Array.from([costWeights.content, costWeights.totalVariation, ...lambdas.map((lambda, l) => costWeights.style * lambda * factors[l])]);
  let fed = build();
  return {
    fed: () => fed,
    terms(content, styleLayerCosts, tv) {
      const style = styleLayerCosts.reduce((sum, cost, l) => sum + lambdas[l] * factors[l] * cost, 0);
      return { content, style, tv, loss: costWeights.content * content + costWeights.style * style + costWeights.totalVariation * tv };
    },
    setFactors(next) {
      if (next.length !== lambdas.length || next.some((factor) => !Number.isFinite(factor) || factor < 0)) {
        throw new Error(`style layer factors must be ${lambdas.length} finite numbers \u2265 0, got ${next.join(", ")}`);
      }
      factors = [...next];
      fed = build();
    }
  };
}
function styleProbeWeights(selection, layer) {
  const weights = new Float32Array(2 + selection.styleLayers.length);
  weights[2 + layer] = 1;
  return weights;
}
function sumAbs(values) {
  let sum = 0;
  for (let i = 0; i < values.length; i++)
    sum += Math.abs(values[i]);
  return sum;
}

// dist/src/engine/gatys/loss-evaluator.js
async function createGatysLossEvaluator(problem, options = {}) {
  const { runtime, weights, content, selection, costWeights, styleLoss } = problem;
  const positions = new Map(selection.styleLayers.map(({ layer }) => {
    const [height, width] = spatialSizeAt(weights.network, layer, content.height, content.width);
    return [layer, height * width];
  }));
  const styleTargets = await computeStyleTargets(runtime, weights, selection, styleLoss, problem.styles, positions);
  const contentActivations = await contentTargets(problem, options.convolution);
  const { model, ...graph } = buildLossGraph({
    height: content.height,
    width: content.width,
    weights,
    selection,
    styleLoss,
    totalVariation: costWeights.totalVariation !== 0,
    convolution: options.convolution
  });
  const feeds = styleTargetFeeds(styleTargets, graph.styleTargets);
  for (const target of graph.contentTargets)
    feeds[target.name] = { data: contentActivations.get(target.layer), dims: target.dims };
  const termWeights = createTermWeights(costWeights, selection);
  const layerConstants = selection.styleLayers.map(({ layer }) => styleTargets.constants.get(layer));
  const session = await runtime.createSession(model);
  const run = (pixels, fedWeights) => session.run({ ...feeds, [TERM_WEIGHTS_INPUT]: { data: fedWeights, dims: [fedWeights.length] }, image: { data: pixels, dims: graph.imageDims } });
  return {
    tiles: 1,
    async evaluate(pixels) {
      const outputs = await run(pixels, termWeights.fed());
      const layerCosts = Array.from(outputs[LOSS_GRAPH_OUTPUTS.styleLayers].data, (cost, index) => cost + layerConstants[index]);
      const terms = termWeights.terms(outputs[LOSS_GRAPH_OUTPUTS.content].data[0], layerCosts, outputs[LOSS_GRAPH_OUTPUTS.totalVariation].data[0]);
      return { terms, gradient: outputs[LOSS_GRAPH_OUTPUTS.gradient].data };
    },
    async styleGradientNorms(pixels) {
      const norms = [];
      for (let layer = 0; layer < selection.styleLayers.length; layer++) {
        norms.push(sumAbs((await run(pixels, styleProbeWeights(selection, layer)))[LOSS_GRAPH_OUTPUTS.gradient].data));
      }
      return norms;
    },
    setStyleLayerFactors: (factors) => termWeights.setFactors(factors),
    release: () => session.release()
  };
}
async function contentTargets(problem, convolution) {
  const { content, weights, selection } = problem;
  const graph = buildTargetGraph({
    height: content.height,
    width: content.width,
    weights,
    pooling: selection.pooling,
    activationLayers: selection.contentLayers,
    gramLayers: [],
    convolution
  });
  const outputs = await runOnce(problem.runtime, graph.model, content);
  return new Map(graph.outputs.map((output) => [output.layer, outputs[output.name].data]));
}

// dist/src/engine/gatys/tile-grid.js
var TILE_ALIGNMENT = 16;
function alignUp(value) {
  return Math.ceil(value / TILE_ALIGNMENT) * TILE_ALIGNMENT;
}
function alignDown(value) {
  return Math.max(TILE_ALIGNMENT, Math.floor(value / TILE_ALIGNMENT) * TILE_ALIGNMENT);
}
function planTileGrid(canvasWidth, canvasHeight, tileWidth, tileHeight, margin, jitterX, jitterY) {
  for (const value of [canvasWidth, canvasHeight, tileWidth, tileHeight, margin]) {
    if (value % TILE_ALIGNMENT !== 0)
      throw new RangeError(`tile geometry must be multiples of ${TILE_ALIGNMENT}, got ${value}`);
  }
  if (tileWidth > canvasWidth || tileHeight > canvasHeight)
    throw new RangeError("the tile is larger than the canvas");
  const columns = spans(canvasWidth, tileWidth, margin, jitterX);
  const rows = spans(canvasHeight, tileHeight, margin, jitterY);
  const tiles = [];
  for (const row of rows) {
    for (const column of columns) {
      tiles.push({ x: column.window, y: row.window, coreX0: column.core0, coreX1: column.core1, coreY0: row.core0, coreY1: row.core1 });
    }
  }
  return tiles;
}
function spans(canvas, tile, margin, jitter) {
  if (tile === canvas)
    return [{ window: 0, core0: 0, core1: canvas }];
  const inner = tile - 2 * margin;
  const edge = tile - margin;
  if (inner < TILE_ALIGNMENT)
    throw new RangeError(`a ${tile} px tile leaves no core inside ${margin} px margins`);
  let count = Math.max(2, 2 + Math.ceil((canvas - 2 * edge) / inner));
  if (2 * edge + (count - 2) * inner - canvas < 2 * margin)
    count += 1;
  const slack = 2 * edge + (count - 2) * inner - canvas;
  const low = Math.max(TILE_ALIGNMENT, edge - slack);
  const high = Math.min(edge, 2 * edge - slack - TILE_ALIGNMENT);
  const steps = (high - low) / TILE_ALIGNMENT;
  const first = low + TILE_ALIGNMENT * Math.min(steps, Math.floor(jitter * (steps + 1)));
  const cuts = [0, first];
  for (let k = 0; k < count - 2; k++)
    cuts.push(cuts[cuts.length - 1] + inner);
  cuts.push(canvas);
  return cuts.slice(0, -1).map((core0, k) => {
    const core1 = cuts[k + 1];
    return { window: Math.min(canvas - tile, Math.max(0, core0 - margin)), core0, core1 };
  });
}

// dist/src/engine/gatys/planes.js
function padReplicate(data, from, width, height) {
  const out = new Float32Array(from.channels * width * height);
  for (let c = 0; c < from.channels; c++) {
    for (let y = 0; y < height; y++) {
      const source = c * from.width * from.height + Math.min(y, from.height - 1) * from.width;
      const target = c * width * height + y * width;
      out.set(data.subarray(source, source + from.width), target);
      out.fill(data[source + from.width - 1], target + from.width, target + width);
    }
  }
  return out;
}
function foldPadding(gradient, width, height, to) {
  const out = new Float32Array(to.channels * to.width * to.height);
  for (let c = 0; c < to.channels; c++) {
    for (let y = 0; y < height; y++) {
      const source = c * width * height + y * width;
      const target = c * to.width * to.height + Math.min(y, to.height - 1) * to.width;
      for (let x = 0; x < to.width; x++)
        out[target + x] += gradient[source + x];
      for (let x = to.width; x < width; x++)
        out[target + to.width - 1] += gradient[source + x];
    }
  }
  return out;
}
function cropWindow(data, from, x, y, width, height) {
  const out = new Float32Array(from.channels * width * height);
  for (let c = 0; c < from.channels; c++) {
    for (let row = 0; row < height; row++) {
      const source = c * from.width * from.height + (y + row) * from.width + x;
      out.set(data.subarray(source, source + width), c * width * height + row * width);
    }
  }
  return out;
}
function addWindow(data, into, window, x, y, width, height) {
  for (let c = 0; c < into.channels; c++) {
    for (let row = 0; row < height; row++) {
      const target = c * into.width * into.height + (y + row) * into.width + x;
      const source = c * width * height + row * width;
      for (let k = 0; k < width; k++)
        data[target + k] += window[source + k];
    }
  }
}
function copyRect(data, from, into, to, rect, dx, dy) {
  for (let c = 0; c < from.channels; c++) {
    for (let y = rect.y0; y < rect.y1; y++) {
      const source = c * from.width * from.height + y * from.width;
      const target = c * to.width * to.height + (y + dy) * to.width + dx;
      into.set(data.subarray(source + rect.x0, source + rect.x1), target + rect.x0);
    }
  }
}

// dist/src/engine/gatys/tile-loss-graph.js
var TILE_GRAPH_OUTPUTS = { content: "content_cost", gradient: "gradient" };
function buildTileLossGraph(spec) {
  const { tileWidth, tileHeight, weights, selection, convolution } = spec;
  const graph = new GraphBuilder("painterly_gatys_tile");
  const imageDims = [1, 3, tileHeight, tileWidth];
  const image = graph.input("image", imageDims);
  const termWeights = graph.input(TERM_WEIGHTS_INPUT, [2 + selection.styleLayers.length]);
  const traces = emitNetworkForward(graph, image, tileHeight, tileWidth, { weights, pooling: selection.pooling, neededLayers: neededLayers(selection), convolution });
  const masks = /* @__PURE__ */ new Map();
  const maskFor = (pools) => {
    let mask = masks.get(pools);
    if (!mask) {
      const dims = [1, 1, tileHeight >> pools, tileWidth >> pools];
      mask = { name: graph.input(`mask_${pools}`, dims), pools, dims };
      masks.set(pools, mask);
    }
    return mask.name;
  };
  const gradients = /* @__PURE__ */ new Map();
  const addGradient = (layer, gradient2) => gradients.set(layer, [...gradients.get(layer) ?? [], gradient2]);
  const contentTargets2 = [];
  const contentLosses = [];
  for (const layer of selection.contentLayers) {
    const trace = traceOf(traces, layer);
    const [channels, height, width] = trace.dims;
    const pools = Math.log2(tileHeight / height);
    const canvasSize = channels * (spec.canvasHeight >> pools) * (spec.canvasWidth >> pools);
    const target = graph.input(`content_target_${layer}`, [1, channels, height, width]);
    contentTargets2.push({ name: target, layer, dims: [1, channels, height, width] });
    const head = emitContentHead(graph, trace.activation, trace.dims, target, termWeight(graph, termWeights, 0), { mask: maskFor(pools), size: canvasSize });
    contentLosses.push(head.loss);
    addGradient(layer, head.gradient);
  }
  const gramDifferences = [];
  const gramOutputs = /* @__PURE__ */ new Map();
  for (const [index, { layer }] of selection.styleLayers.entries()) {
    const trace = traceOf(traces, layer);
    const [channels, height, width] = trace.dims;
    const pools = Math.log2(tileHeight / height);
    const canvasPositions = (spec.canvasHeight >> pools) * (spec.canvasWidth >> pools);
    const scale = 1 / (2 * channels * canvasPositions) ** 2;
    const { gram, features } = emitGram(graph, graph.op("Mul", [trace.activation, maskFor(pools)]), trace.dims);
    gramOutputs.set(layer, graph.output(gram, `gram_${layer}`, [channels, channels]));
    const difference = graph.input(`gram_difference_${layer}`, [channels, channels]);
    gramDifferences.push({ name: difference, layer, dims: [channels, channels] });
    const weightedDifference = graph.op("Mul", [difference, termWeight(graph, termWeights, 2 + index)]);
    const featureGradient = graph.op("Gemm", [weightedDifference, features], { alpha: { float: 4 * scale } });
    addGradient(layer, graph.op("Reshape", [featureGradient, graph.constInt64([1, channels, height, width])]));
  }
  const gradient = emitNetworkBackward(graph, traces, weights, selection.pooling, gradients, convolution);
  graph.output(emitSum(graph, contentLosses), TILE_GRAPH_OUTPUTS.content, []);
  graph.output(gradient, TILE_GRAPH_OUTPUTS.gradient, imageDims);
  return { model: graph.toModel(), imageDims, masks: [...masks.values()], contentTargets: contentTargets2, gramDifferences, gramOutputs };
}

// dist/src/engine/gatys/total-variation.js
function totalVariation(pixels, width, height, gradient, gradientWeight = 0) {
  const normaliser = 1 / (width * height * 3);
  const scale = 2 * gradientWeight * normaliser;
  let sum = 0;
  for (let c = 0; c < 3; c++) {
    const plane = c * width * height;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = plane + y * width + x;
        if (x + 1 < width) {
          const d = pixels[i + 1] - pixels[i];
          sum += d * d;
          if (gradient && scale !== 0) {
            gradient[i + 1] += scale * d;
            gradient[i] -= scale * d;
          }
        }
        if (y + 1 < height) {
          const d = pixels[i + width] - pixels[i];
          sum += d * d;
          if (gradient && scale !== 0) {
            gradient[i + width] += scale * d;
            gradient[i] -= scale * d;
          }
        }
      }
    }
  }
  return sum * normaliser;
}

// dist/src/engine/gatys/tiled-evaluator.js
var TILE_MARGIN = 64;
function tileCanvas(width, height) {
  return { width: alignUp(width), height: alignUp(height) };
}
async function createTiledLossEvaluator(problem, tiling) {
  const { runtime, weights, content, styles, selection, costWeights } = problem;
  const { tile, seed, margin = TILE_MARGIN, convolution = "auto" } = tiling;
  if (problem.styleLoss !== "gram") {
    throw new PainterlyError("INVALID_OPTION", `The w2 style loss needs the whole ${content.width}\xD7${content.height} image in one graph, which does not fit the memory budget (maxMemory). Raise the memory budget, lower the size, or use the gram style loss for this size.`);
  }
  const image = { channels: 3, width: content.width, height: content.height };
  const canvasSize = tileCanvas(content.width, content.height);
  const canvas = { channels: 3, ...canvasSize };
  const tileWidth = Math.min(tile.width, canvas.width);
  const tileHeight = Math.min(tile.height, canvas.height);
  const grid = (jitterX, jitterY) => planTileGrid(canvas.width, canvas.height, tileWidth, tileHeight, margin, jitterX, jitterY);
  const styleLayers = selection.styleLayers.map((entry) => entry.layer);
  const layerShape = (layer, channels) => {
    const [height, width] = spatialSizeAt(weights.network, layer, canvas.height, canvas.width);
    return { channels, width, height };
  };
  const positions = new Map(styleLayers.map((layer) => [layer, layerShape(layer, 1).width * layerShape(layer, 1).height]));
  const styleTargets = await computeStyleTargets(runtime, weights, selection, "gram", styles, positions);
  if (styleTargets.kind !== "gram")
    throw new Error("unreachable: gram targets");
  const targetGrams = styleTargets.grams;
  const termWeights = createTermWeights(costWeights, selection);
  const contentTargets2 = await readContentTargets();
  const { model, ...graph } = buildTileLossGraph({ tileWidth, tileHeight, canvasWidth: canvas.width, canvasHeight: canvas.height, weights, selection, convolution });
  const session = await runtime.createSession(model);
  const rng = createRng(seed ^ 24301);
  let grams;
  async function sweep(canvasPixels, differences, tiles, fedWeights) {
    const gradient = new Float32Array(canvasPixels.length);
    const nextGrams = new Map(styleLayers.map((layer) => [layer, new Float32Array(differences.get(layer).length)]));
    let contentCost = 0;
    for (const window of tiles) {
      const feeds = {
        image: { data: cropWindow(canvasPixels, canvas, window.x, window.y, tileWidth, tileHeight), dims: graph.imageDims },
        [TERM_WEIGHTS_INPUT]: { data: fedWeights, dims: [fedWeights.length] }
      };
      for (const mask of graph.masks)
        feeds[mask.name] = { data: coreMask(window, mask), dims: mask.dims };
      for (const target of graph.contentTargets) {
        const [, channels, height, width] = target.dims;
        const pools = Math.log2(tileHeight / height);
        const full = contentTargets2.get(target.layer);
        feeds[target.name] = { data: cropWindow(full.data, full.shape, window.x >> pools, window.y >> pools, width, height), dims: [1, channels, height, width] };
      }
      for (const input of graph.gramDifferences)
        feeds[input.name] = { data: differences.get(input.layer), dims: input.dims };
      const outputs = await session.run(feeds);
      contentCost += outputs[TILE_GRAPH_OUTPUTS.content].data[0];
      for (const [layer, name] of graph.gramOutputs) {
        const sum = nextGrams.get(layer);
        const part = outputs[name].data;
        for (let i = 0; i < sum.length; i++)
          sum[i] += part[i];
      }
      addWindow(gradient, canvas, outputs[TILE_GRAPH_OUTPUTS.gradient].data, window.x, window.y, tileWidth, tileHeight);
    }
    return { contentCost, nextGrams, gradient };
  }
  function coreMask(window, mask) {
    const [, , height, width] = mask.dims;
    const s = mask.pools;
    const x0 = window.coreX0 - window.x >> s;
    const x1 = window.coreX1 - window.x >> s;
    const y0 = window.coreY0 - window.y >> s;
    const y1 = window.coreY1 - window.y >> s;
    const data = new Float32Array(width * height);
    for (let y = y0; y < y1; y++)
      data.fill(1, y * width + x0, y * width + x1);
    return data;
  }
  function nextJitter() {
    return [rng.uniform(), rng.uniform()];
  }
  async function readContentTargets() {
    const targetGraph = buildTargetGraph({ height: tileHeight, width: tileWidth, weights, pooling: selection.pooling, activationLayers: selection.contentLayers, gramLayers: [], convolution });
    const targetSession = await runtime.createSession(targetGraph.model);
    try {
      const paddedContent = padReplicate(content.data, image, canvas.width, canvas.height);
      const result = /* @__PURE__ */ new Map();
      for (const output of targetGraph.outputs) {
        const shape = layerShape(output.layer, output.dims[1]);
        result.set(output.layer, { data: new Float32Array(shape.channels * shape.width * shape.height), shape });
      }
      for (const window of grid(0, 0)) {
        const outputs = await targetSession.run({ image: { data: cropWindow(paddedContent, canvas, window.x, window.y, tileWidth, tileHeight), dims: [1, 3, tileHeight, tileWidth] } });
        for (const output of targetGraph.outputs) {
          const [, channels, height, width] = output.dims;
          const pools = Math.log2(tileHeight / height);
          const rect = {
            x0: window.coreX0 - window.x >> pools,
            x1: window.coreX1 - window.x >> pools,
            y0: window.coreY0 - window.y >> pools,
            y1: window.coreY1 - window.y >> pools
          };
          const full = result.get(output.layer);
          copyRect(outputs[output.name].data, { channels, width, height }, full.data, full.shape, rect, window.x >> pools, window.y >> pools);
        }
      }
      return result;
    } finally {
      await targetSession.release();
    }
  }
  const gramDifferences = (current) => new Map(styleLayers.map((layer) => [layer, current.get(layer).map((value, i) => value - targetGrams.get(layer)[i])]));
  async function currentGrams(canvasPixels) {
    if (!grams) {
      const zero = new Map(styleLayers.map((layer) => [layer, new Float32Array(targetGrams.get(layer).length)]));
      grams = (await sweep(canvasPixels, zero, grid(0, 0), termWeights.fed())).nextGrams;
    }
    return grams;
  }
  return {
    tiles: grid(0.5, 0.5).length,
    async evaluate(pixels) {
      const canvasPixels = padReplicate(pixels, image, canvas.width, canvas.height);
      const { contentCost, nextGrams, gradient } = await sweep(canvasPixels, gramDifferences(await currentGrams(canvasPixels)), grid(...nextJitter()), termWeights.fed());
      grams = nextGrams;
      const layerCosts = selection.styleLayers.map(({ layer }) => {
        const target = targetGrams.get(layer);
        const gram = nextGrams.get(layer);
        let squared = 0;
        for (let i = 0; i < gram.length; i++)
          squared += (gram[i] - target[i]) ** 2;
        const channels = Math.sqrt(gram.length);
        return squared / (2 * channels * positions.get(layer)) ** 2 + styleTargets.constants.get(layer);
      });
      const imageGradient = foldPadding(gradient, canvas.width, canvas.height, image);
      const tv = totalVariation(pixels, image.width, image.height, imageGradient, costWeights.totalVariation);
      return { terms: termWeights.terms(contentCost, layerCosts, tv), gradient: imageGradient };
    },
    async styleGradientNorms(pixels) {
      const canvasPixels = padReplicate(pixels, image, canvas.width, canvas.height);
      const differences = gramDifferences(await currentGrams(canvasPixels));
      const norms = [];
      for (let layer = 0; layer < styleLayers.length; layer++) {
        const { gradient } = await sweep(canvasPixels, differences, grid(0, 0), styleProbeWeights(selection, layer));
        norms.push(sumAbs(foldPadding(gradient, canvas.width, canvas.height, image)));
      }
      return norms;
    },
    setStyleLayerFactors: (factors) => termWeights.setFactors(factors),
    release: () => session.release()
  };
}

// dist/src/engine/gatys/scale-evaluator.js
var MEMORY_MODELS = Object.freeze({
  winograd: Object.freeze({ baseBytes: 2048 * 2 ** 20, graphBytesPerPixel: 4e3, imageBytesPerPixel: 200 }),
  direct: Object.freeze({ baseBytes: 1200 * 2 ** 20, graphBytesPerPixel: 5200, imageBytesPerPixel: 200 })
});
var MEASURED_FLOATS_PER_PIXEL = 290;
function memoryModelsFor(network, deepestLayer2) {
  const layers = layersUpTo(network, [deepestLayer2]);
  const floatsPerPixel = layers.reduce((sum, layer) => sum + layer.outChannels / 4 ** (layer.stage - 1), 0);
  const ratio = floatsPerPixel / MEASURED_FLOATS_PER_PIXEL;
  const scaled = (model) => ({ ...model, graphBytesPerPixel: Math.ceil(model.graphBytesPerPixel * ratio) });
  const anyWinograd = layers.some((layer) => layer.kernelSize === 3 && useWinograd("auto", { stage: layer.stage, inChannels: layer.inChannels, outChannels: layer.outChannels }));
  const direct = scaled(MEMORY_MODELS.direct);
  return { winograd: anyWinograd ? scaled(MEMORY_MODELS.winograd) : direct, direct };
}
var SMALLEST_TILE = 2 * TILE_MARGIN + 64;
function planEvaluation(width, height, maxMemoryBytes, models = MEMORY_MODELS) {
  if (maxMemoryBytes === void 0)
    return { convolution: "auto" };
  const pixels = width * height;
  const candidates = [
    ["auto", models.winograd],
    ["direct", models.direct]
  ];
  for (const [convolution, model] of candidates) {
    if (model.baseBytes + (model.graphBytesPerPixel + model.imageBytesPerPixel) * pixels <= maxMemoryBytes)
      return { convolution };
  }
  for (const [convolution, model] of candidates) {
    const tilePixels = (maxMemoryBytes - model.baseBytes - model.imageBytesPerPixel * pixels) / model.graphBytesPerPixel;
    if (tilePixels >= SMALLEST_TILE * SMALLEST_TILE)
      return { tile: largestTile(width, height, tilePixels), convolution };
  }
  const { baseBytes, imageBytesPerPixel, graphBytesPerPixel } = models.direct;
  const neededGb = (baseBytes + imageBytesPerPixel * pixels + graphBytesPerPixel * SMALLEST_TILE * SMALLEST_TILE) / 2 ** 30;
  throw new PainterlyError("INVALID_OPTION", `A ${width}\xD7${height} image needs at least ${neededGb.toFixed(1)} GB even in tiles, more than the memory budget allows. Raise the memory budget or lower the size.`, { option: "maxMemory" });
}
function largestTile(width, height, tilePixels) {
  const canvas = tileCanvas(width, height);
  const side = alignDown(Math.sqrt(tilePixels));
  let tileWidth = Math.min(side, canvas.width);
  let tileHeight = Math.min(side, canvas.height);
  if (tileHeight === canvas.height)
    tileWidth = Math.min(canvas.width, alignDown(tilePixels / tileHeight));
  else if (tileWidth === canvas.width)
    tileHeight = Math.min(canvas.height, alignDown(tilePixels / tileWidth));
  return { width: tileWidth, height: tileHeight };
}
async function createScaleEvaluator(runtime, weights, images, settings) {
  const { content, styles } = images;
  const deepest = deepestLayer(weights.network, neededLayers(settings.selection)).name;
  const plan = planEvaluation(content.width, content.height, settings.maxMemoryBytes, memoryModelsFor(weights.network, deepest));
  const { convolution } = plan;
  const problem = { runtime, weights, content, styles, selection: settings.selection, costWeights: settings.costWeights, styleLoss: settings.styleLoss };
  if (!plan.tile)
    return createGatysLossEvaluator(problem, { convolution });
  return createTiledLossEvaluator(problem, { tile: plan.tile, seed: settings.seed, convolution });
}

// dist/src/engine/gatys/style-balance.js
function balanceFactors(norms) {
  return norms.map((norm) => norm > 0 && Number.isFinite(norm) ? 1 / norm : 0);
}

// dist/src/engine/gatys/temporal-cost.js
function temporalCost(pixels, target) {
  const { image, pixelWeights } = target;
  const planeSize = image.width * image.height;
  if (pixels.length !== image.data.length || pixelWeights.length !== planeSize) {
    throw new Error(`temporal cost: ${pixels.length} pixels values, ${image.data.length} target values, ${pixelWeights.length} weights for ${image.width}\xD7${image.height}`);
  }
  const count = image.data.length;
  const gradient = new Float32Array(count);
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const c = pixelWeights[k % planeSize];
    const difference = pixels[k] - image.data[k];
    sum += c * difference * difference;
    gradient[k] = 2 / count * c * difference;
  }
  return { cost: sum / count, gradient };
}
function withTemporalCost(evaluator, target) {
  return {
    tiles: evaluator.tiles,
    async evaluate(pixels) {
      const { terms, gradient } = await evaluator.evaluate(pixels);
      const temporal = temporalCost(pixels, target);
      for (let k = 0; k < gradient.length; k++)
        gradient[k] += target.weight * temporal.gradient[k];
      return { terms: { ...terms, temporal: temporal.cost, loss: terms.loss + target.weight * temporal.cost }, gradient };
    },
    styleGradientNorms: (pixels) => evaluator.styleGradientNorms(pixels),
    setStyleLayerFactors: (factors) => evaluator.setStyleLayerFactors(factors),
    release: () => evaluator.release()
  };
}

// dist/src/engine/gatys/run-gatys.js
async function runGatysScales(run, hooks = {}, resume) {
  const { runtime, weights, scales, source, settings } = run;
  if (resume)
    assertResumable(resume, scales);
  const started = Date.now() - (resume?.elapsedMs ?? 0);
  const elapsedMs = () => Date.now() - started;
  const total = scales.reduce((sum, scale) => sum + scale.iterations, 0);
  const output = scales[scales.length - 1];
  throwIfAborted(hooks.signal);
  hooks.onProgress?.({ type: "load", network: weights.network.displayName, weights: weights.source, pretrained: weights.pretrained, ...weights.file ? { weightsFile: weights.file } : {}, width: output.width, height: output.height, schedule: scales, provider: runtime.provider, elapsedMs: elapsedMs() });
  let iteration = resume?.iteration ?? 0;
  let carried;
  for (let index = resume?.scale ?? 0; index < scales.length; index++) {
    const scale = scales[index];
    const isLast = index === scales.length - 1;
    throwIfAborted(hooks.signal);
    const images = await source(scale, index);
    if (images.content.width !== scale.width || images.content.height !== scale.height) {
      throw new Error(`scale ${index} expects a ${scale.width}\xD7${scale.height} content image, got ${images.content.width}\xD7${images.content.height}`);
    }
    const features = await createScaleEvaluator(runtime, weights, images, settings);
    const evaluator = images.temporal ? withTemporalCost(features, images.temporal) : features;
    try {
      const size = scale.width * scale.height * 3;
      const optimizer = createOptimizer(settings.optimizer, size, {
        learningRate: settings.learningRate,
        // L-BFGS builds its curvature pairs from the steps it takes; clamping would bend them. Its
        // result is clamped when returned.
        ...settings.optimizer === "lbfgs" ? {} : { clampMin: 0, clampMax: 255 }
      });
      const average = settings.averageIterates ? new RunningAverage(size) : void 0;
      let pixels;
      let step = 0;
      const resumedAt = resume && index === resume.scale ? resume.iteration : -1;
      if (resume && index === resume.scale) {
        pixels = resume.pixels.slice();
        if (resume.optimizer)
          optimizer.restore(resume.optimizer);
        if (average && resume.average)
          average.restore(resume.average);
        step = resume.step;
      } else if (carried) {
        pixels = clamp(upsampleImage(carried.image, scale.width, scale.height).data);
      } else {
        pixels = initialImage(settings.init, images.content, { seed: settings.seed, noiseRatio: settings.noiseRatio, initImage: images.initImage }).data;
      }
      let styleFactors;
      if (resume && index === resume.scale && resume.styleFactors)
        styleFactors = [...resume.styleFactors];
      else if (settings.styleBalance)
        styleFactors = balanceFactors(await evaluator.styleGradientNorms(pixels));
      if (styleFactors)
        evaluator.setStyleLayerFactors(styleFactors);
      const currentImage = () => createRgbImage(scale.width, scale.height, clamp(average ? average.value(pixels) : pixels.slice()));
      const checkpoint = () => ({
        scale: index,
        step,
        iteration,
        width: scale.width,
        height: scale.height,
        pixels: pixels.slice(),
        optimizer: optimizer.name === "lbfgs" ? void 0 : optimizer.state(),
        average: average?.state(),
        styleFactors,
        elapsedMs: elapsedMs()
      });
      hooks.onProgress?.({
        type: "scale",
        scale: index,
        scales: scales.length,
        width: scale.width,
        height: scale.height,
        iterations: scale.iterations,
        firstIteration: iteration - step,
        tiles: evaluator.tiles,
        elapsedMs: elapsedMs()
      });
      let last = await evaluator.evaluate(pixels);
      for (; ; ) {
        if (step === scale.iterations && !isLast)
          break;
        assertFinite(last.terms.loss, iteration);
        if (step === scale.iterations)
          return await finishRun(evaluator, currentImage(), last.terms, average !== void 0 && step > 0);
        hooks.onProgress?.({ type: "iteration", iteration, iterations: total, ...last.terms, elapsedMs: elapsedMs() });
        if (settings.snapshotEvery > 0 && iteration > 0 && iteration % settings.snapshotEvery === 0) {
          hooks.onProgress?.({ type: "snapshot", iteration, image: currentImage() });
        }
        if (settings.checkpointEvery > 0 && iteration > 0 && iteration % settings.checkpointEvery === 0 && iteration !== resumedAt) {
          await hooks.onCheckpoint?.(checkpoint());
        }
        if (hooks.signal?.aborted) {
          await hooks.onCheckpoint?.(checkpoint());
          throwIfAborted(hooks.signal);
        }
        optimizer.step(pixels, last.gradient, last.terms.loss);
        average?.add(pixels);
        step += 1;
        iteration += 1;
        if (step < scale.iterations || isLast && !average)
          last = await evaluator.evaluate(pixels);
      }
      carried = { image: currentImage() };
    } finally {
      await evaluator.release();
    }
  }
  throw new Error("unreachable: the last scale returns");
  async function finishRun(evaluator, image, lastTerms, averaged) {
    if (iteration === 0)
      hooks.onProgress?.({ type: "iteration", iteration, iterations: total, ...lastTerms, elapsedMs: elapsedMs() });
    const terms = averaged ? (await evaluator.evaluate(image.data)).terms : lastTerms;
    hooks.onProgress?.({ type: "done", iterations: total, ...terms, elapsedMs: elapsedMs() });
    return image;
  }
}
function assertResumable(resume, scales) {
  const scale = scales[resume.scale];
  const stepsBefore = scales.slice(0, resume.scale).reduce((sum, s) => sum + s.iterations, 0);
  if (!scale || scale.width !== resume.width || scale.height !== resume.height || resume.step > scale.iterations || stepsBefore + resume.step !== resume.iteration) {
    throw new PainterlyError("INVALID_OPTION", `The checkpoint (scale ${resume.scale + 1}, ${resume.width}\xD7${resume.height}, iteration ${resume.iteration}) does not fit this run's schedule. Resume with the options of the interrupted run, or start afresh without resuming.`, { option: "resume" });
  }
}
function clamp(values) {
  for (let i = 0; i < values.length; i++)
    values[i] = Math.min(255, Math.max(0, values[i]));
  return values;
}
function assertFinite(loss, iteration) {
  if (!Number.isFinite(loss)) {
    throw new PainterlyError("ENGINE_FAILED", `The loss became ${loss} at iteration ${iteration}. Lower the learning rate or the cost weights, or try the adam optimizer.`, { option: "learningRate" });
  }
}

export {
  memoryModelsFor,
  planEvaluation,
  upsampleImage,
  runGatysScales
};
