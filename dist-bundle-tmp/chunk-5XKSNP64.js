import {
  alignedInChannels,
  emitZeroChannels
} from "./chunk-SMFVLVLN.js";
import {
  layersUpTo,
  pooledSize
} from "./chunk-GYDWO5CP.js";

// dist/src/engine/network/winograd.js
var OUTPUT_TILE = 4;
var INPUT_TILE = OUTPUT_TILE + 2;
var POSITIONS = INPUT_TILE * INPUT_TILE;
var B_T = [
  [4, 0, -5, 0, 1, 0],
  [0, -4, -4, 1, 1, 0],
  [0, 4, -4, -1, 1, 0],
  [0, -2, -1, 2, 1, 0],
  [0, 2, -1, -2, 1, 0],
  [0, 4, 0, -5, 0, 1]
];
var A_T = [
  [1, 1, 1, 1, 1, 0],
  [0, 1, -1, 2, -2, 0],
  [0, 1, 1, 4, 4, 0],
  [0, 1, -1, 8, -8, 1]
];
var BIAS_POSITION = 1 * INPUT_TILE + 1;
var MIN_CHANNELS = 128;
var MIN_WIDER_CHANNELS = 256;
var LAST_STAGE = 4;
function useWinograd(algorithm, layer) {
  if (algorithm !== "auto")
    return algorithm === "winograd";
  const { stage, inChannels, outChannels } = layer;
  return stage <= LAST_STAGE && Math.min(inChannels, outChannels) >= MIN_CHANNELS && Math.max(inChannels, outChannels) >= MIN_WIDER_CHANNELS;
}
var PAIRS_PER_BLOCK = 512;
function writeWinogradFilters(kernel, outChannels, inChannels, sink) {
  const pairs = outChannels * inChannels;
  const block = new Float32Array(POSITIONS * Math.min(PAIRS_PER_BLOCK, pairs));
  const rows = new Float64Array(INPUT_TILE * 3);
  kernel((filters, offset) => {
    if (offset % 9 !== 0 || filters.length % 9 !== 0 || offset + filters.length > 9 * pairs) {
      throw new Error(`writeWinogradFilters: kernel values ${offset}\u2026${offset + filters.length} are not whole filters of the ${pairs}`);
    }
    const firstPair = offset / 9;
    const pieceLength = filters.length / 9;
    for (let start = 0; start < pieceLength; start += PAIRS_PER_BLOCK) {
      const count = Math.min(PAIRS_PER_BLOCK, pieceLength - start);
      for (let j = 0; j < count; j++) {
        const g = (start + j) * 9;
        for (let v = 0; v < 3; v++)
          applyGInto64(filters[g + v], filters[g + 3 + v], filters[g + 6 + v], rows, v, 3);
        for (let a = 0; a < INPUT_TILE; a++)
          applyGInto32(rows[a * 3], rows[a * 3 + 1], rows[a * 3 + 2], block, a * INPUT_TILE * count + j, count);
      }
      for (let position = 0; position < POSITIONS; position++)
        sink(block.subarray(position * count, (position + 1) * count), position * pairs + firstPair + start);
    }
  });
}
function winogradBias(bias, outChannels) {
  const out = new Float32Array(POSITIONS * outChannels);
  if (bias)
    out.set(bias, BIAS_POSITION * outChannels);
  return out;
}
function applyGInto64(x0, x1, x2, out, offset, stride) {
  const even = x0 + x2;
  out[offset] = x0 / 4;
  out[offset + stride] = -(even + x1) / 6;
  out[offset + 2 * stride] = -(even - x1) / 6;
  out[offset + 3 * stride] = x0 / 24 + x1 / 12 + x2 / 6;
  out[offset + 4 * stride] = x0 / 24 - x1 / 12 + x2 / 6;
  out[offset + 5 * stride] = x2;
}
function applyGInto32(x0, x1, x2, out, offset, stride) {
  const even = x0 + x2;
  out[offset] = x0 / 4;
  out[offset + stride] = -(even + x1) / 6;
  out[offset + 2 * stride] = -(even - x1) / 6;
  out[offset + 3 * stride] = x0 / 24 + x1 / 12 + x2 / 6;
  out[offset + 4 * stride] = x0 / 24 - x1 / 12 + x2 / 6;
  out[offset + 5 * stride] = x2;
}
function emitWinogradConv3x3(graph, input, dims, conv, name) {
  const [inChannels, height, width] = dims;
  const { outChannels } = conv;
  if (conv.inChannels !== inChannels)
    throw new Error(`${name}: the input has ${inChannels} channels, the kernel expects ${conv.inChannels}`);
  const tilesHigh = Math.ceil(height / OUTPUT_TILE);
  const tilesWide = Math.ceil(width / OUTPUT_TILE);
  const extraBottom = tilesHigh * OUTPUT_TILE - height;
  const extraRight = tilesWide * OUTPUT_TILE - width;
  const positions = Array.from({ length: POSITIONS }, (_, position) => graph.op("Conv", [input, inputTransformKernel(graph, position, inChannels)], {
    kernel_shape: { ints: [INPUT_TILE, INPUT_TILE] },
    strides: { ints: [OUTPUT_TILE, OUTPUT_TILE] },
    pads: { ints: [1, 1, 1 + extraBottom, 1 + extraRight] },
    group: { int: inChannels }
  }));
  const positionMajor = graph.op("Concat", positions, { axis: { int: 1 } });
  const products = graph.op("Conv", [
    positionMajor,
    graph.deferredInitializer(`${name}_winograd`, [POSITIONS * outChannels, inChannels, 1, 1], (sink) => writeWinogradFilters(conv.kernel, outChannels, inChannels, sink)),
    graph.initializer(`${name}_winograd_bias`, winogradBias(conv.bias, outChannels), [POSITIONS * outChannels])
  ], { kernel_shape: { ints: [1, 1] }, group: { int: POSITIONS } });
  const outputChannelsAsBatch = graph.op("Transpose", [graph.op("Reshape", [products, graph.constInt64([POSITIONS, outChannels, tilesHigh, tilesWide])])], {
    perm: { ints: [1, 0, 2, 3] }
  });
  const output = graph.op("ConvTranspose", [outputChannelsAsBatch, outputTransformKernels(graph)], {
    kernel_shape: { ints: [OUTPUT_TILE, OUTPUT_TILE] },
    strides: { ints: [OUTPUT_TILE, OUTPUT_TILE] },
    pads: { ints: [0, 0, extraBottom, extraRight] }
  });
  return graph.op("Reshape", [output, graph.constInt64([1, outChannels, height, width])]);
}
var transformCache = /* @__PURE__ */ new WeakMap();
function cachedInitializer(graph, key, make) {
  let names = transformCache.get(graph);
  if (!names)
    transformCache.set(graph, names = /* @__PURE__ */ new Map());
  let name = names.get(key);
  if (!name) {
    const { data, dims } = make();
    name = graph.initializer(`winograd_${key}`, data, dims);
    names.set(key, name);
  }
  return name;
}
function inputTransformKernel(graph, position, channels) {
  return cachedInitializer(graph, `input_${position}_${channels}`, () => {
    const [a, b] = [Math.floor(position / INPUT_TILE), position % INPUT_TILE];
    const kernel = new Float32Array(POSITIONS);
    for (let r = 0; r < INPUT_TILE; r++)
      for (let s = 0; s < INPUT_TILE; s++)
        kernel[r * INPUT_TILE + s] = B_T[a][r] * B_T[b][s];
    const data = new Float32Array(channels * POSITIONS);
    for (let c = 0; c < channels; c++)
      data.set(kernel, c * POSITIONS);
    return { data, dims: [channels, 1, INPUT_TILE, INPUT_TILE] };
  });
}
function outputTransformKernels(graph) {
  return cachedInitializer(graph, "output", () => {
    const area = OUTPUT_TILE * OUTPUT_TILE;
    const data = new Float32Array(POSITIONS * area);
    for (let a = 0; a < INPUT_TILE; a++)
      for (let b = 0; b < INPUT_TILE; b++)
        for (let p = 0; p < OUTPUT_TILE; p++)
          for (let q = 0; q < OUTPUT_TILE; q++)
            data[(a * INPUT_TILE + b) * area + p * OUTPUT_TILE + q] = A_T[p][a] * A_T[q][b];
    return { data, dims: [POSITIONS, 1, OUTPUT_TILE, OUTPUT_TILE] };
  });
}

// dist/src/engine/network/conv-kernels.js
var ROWS_PER_BLOCK = 16;
function writeOnnxKernel(conv, direction, channels, sink) {
  const { kernel, inChannels, outChannels, kernelSize: k } = conv;
  const taps = k * k;
  const tapStride = inChannels * outChannels;
  const forward = direction === "forward";
  const [rows, columns] = forward ? [outChannels, inChannels] : [inChannels, outChannels];
  if (channels < columns)
    throw new Error(`writeOnnxKernel: ${channels} channels cannot hold the kernel's ${columns}`);
  const rowLength = channels * taps;
  const block = new Float32Array(Math.min(ROWS_PER_BLOCK, rows) * rowLength);
  for (let first = 0; first < rows; first += ROWS_PER_BLOCK) {
    const count = Math.min(ROWS_PER_BLOCK, rows - first);
    if (forward) {
      for (let i = 0; i < columns; i++)
        for (let j = 0; j < count; j++) {
          const source = i * outChannels + first + j;
          const destination = j * rowLength + i * taps;
          for (let t = 0; t < taps; t++)
            block[destination + t] = kernel[source + t * tapStride];
        }
    } else {
      for (let j = 0; j < count; j++)
        for (let t = 0; t < taps; t++) {
          const source = t * tapStride + (first + j) * outChannels;
          const destination = j * rowLength + taps - 1 - t;
          for (let o = 0; o < columns; o++)
            block[destination + o * taps] = kernel[source + o];
        }
    }
    sink(count === ROWS_PER_BLOCK ? block : block.subarray(0, count * rowLength), first * rowLength);
  }
}
function emitConv(graph, input, dims, conv, options) {
  const forward = options.direction === "forward";
  const k = conv.kernelSize;
  const [inChannels, outChannels] = forward ? [conv.inChannels, conv.outChannels] : [conv.outChannels, conv.inChannels];
  const bias = forward ? conv.bias : void 0;
  const channels = alignedInChannels(inChannels);
  const aligned = emitZeroChannels(graph, input, inChannels, channels);
  if (k === 3 && useWinograd(options.algorithm, { stage: options.stage, inChannels, outChannels })) {
    const outputs = Math.ceil(outChannels / 4) * 4;
    const rowLength = channels * k * k;
    const wideKernel = (sink) => {
      writeOnnxKernel(conv, options.direction, channels, sink);
      if (outputs !== outChannels)
        sink(new Float32Array((outputs - outChannels) * rowLength), outChannels * rowLength);
    };
    const wideBias = bias && outputs !== outChannels ? zeroOutputFilters(bias, outChannels, outputs) : bias;
    const wide = emitWinogradConv3x3(graph, aligned, [channels, dims[1], dims[2]], { inChannels: channels, outChannels: outputs, kernel: wideKernel, bias: wideBias }, options.name);
    if (outputs === outChannels)
      return wide;
    return graph.op("Slice", [wide, graph.constInt64([0]), graph.constInt64([outChannels]), graph.constInt64([1])]);
  }
  const kernel = graph.deferredInitializer(`${options.name}_kernel`, [outChannels, channels, k, k], (sink) => writeOnnxKernel(conv, options.direction, channels, sink));
  const inputs = [aligned, kernel];
  if (bias)
    inputs.push(graph.initializer(`${options.name}_bias`, bias, [outChannels]));
  const pad = (k - 1) / 2;
  return graph.op("Conv", inputs, { kernel_shape: { ints: [k, k] }, pads: { ints: [pad, pad, pad, pad] } });
}
function zeroOutputFilters(values, outChannels, outputs) {
  if (outputs === outChannels)
    return values;
  const out = new Float32Array(values.length / outChannels * outputs);
  out.set(values);
  return out;
}

// dist/src/engine/network/forward.js
function emitNetworkForward(graph, image, height, width, options) {
  const network = options.weights.network;
  let value = emitPreprocessing(graph, image, network);
  let dims = [3, height, width];
  const traces = [];
  for (const spec of layersUpTo(network, options.neededLayers)) {
    let pool;
    if (spec.pooledBefore) {
      const outDims2 = [dims[0], pooledSize(dims[1], network.poolPadding), pooledSize(dims[2], network.poolPadding)];
      const pooled = emitPool(graph, value, dims, outDims2, options.pooling);
      pool = { input: value, inputDims: dims, output: pooled };
      value = pooled;
      dims = outDims2;
    }
    const conv = options.weights.layers.get(spec.name);
    if (!conv)
      throw new Error(`${network.displayName} weights lack layer ${spec.name}; validate weights before building graphs`);
    const preActivation = emitConv(graph, value, dims, conv, { direction: "forward", stage: spec.stage, algorithm: options.convolution ?? "auto", name: spec.name });
    const activation = emitActivation(graph, preActivation, spec.activation);
    const outDims = [conv.outChannels, dims[1], dims[2]];
    traces.push({ spec, input: value, inputDims: dims, pool, activation, dims: outDims });
    value = activation;
    dims = outDims;
  }
  return traces;
}
function emitPreprocessing(graph, image, network) {
  const { channelOrder, scale, mean, std } = network.preprocessing;
  let value = channelOrder === "bgr" ? graph.op("Gather", [image, graph.constInt64([2, 1, 0])], { axis: { int: 1 } }) : image;
  if (scale !== 1)
    value = graph.op("Mul", [value, graph.constFloat(scale)]);
  if (mean.some((m) => m !== 0))
    value = graph.op("Sub", [value, graph.constFloat([...mean], [1, 3, 1, 1])]);
  if (std && std.some((s) => s !== 1))
    value = graph.op("Div", [value, graph.constFloat([...std], [1, 3, 1, 1])]);
  return value;
}
function emitActivation(graph, value, activation) {
  if (activation.kind === "relu")
    return graph.op("Relu", [value]);
  if (activation.kind === "leaky-relu")
    return graph.op("LeakyRelu", [value], { alpha: { float: activation.alpha } });
  return value;
}
function emitPool(graph, value, inputDims, outputDims, pooling) {
  const padBottom = 2 * outputDims[1] - inputDims[1];
  const padRight = 2 * outputDims[2] - inputDims[2];
  const attributes = {
    kernel_shape: { ints: [2, 2] },
    strides: { ints: [2, 2] },
    ...padBottom > 0 || padRight > 0 ? { pads: { ints: [0, 0, Math.max(0, padBottom), Math.max(0, padRight)] } } : {}
  };
  return graph.op(pooling === "avg" ? "AveragePool" : "MaxPool", [value], attributes);
}

export {
  useWinograd,
  emitConv,
  emitNetworkForward
};
