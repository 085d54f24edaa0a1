import {
  GraphBuilder,
  emitSpaceToDepth
} from "./chunk-SMFVLVLN.js";
import {
  DEFAULT_MAX_PIXELS,
  STYLIZE_DEFAULTS,
  assertSameSize,
  createRgbImage,
  optionKey,
  parseOptions
} from "./chunk-RLZ7CLXZ.js";
import {
  deviceSchema
} from "./chunk-YB37QKVG.js";
import {
  invalidOption,
  throwIfAborted
} from "./chunk-ELBWPZQG.js";

// dist/src/options/preset-schema.js
import { z } from "zod";

// dist/src/engine/fast/downscale.js
function downscaleArea(image, width, height) {
  if (width > image.width || height > image.height)
    throw new RangeError("downscaleArea only shrinks images");
  const horizontal = coverage(image.width, width);
  const verticalByRow = groupBySource(coverage(image.height, height), image.height);
  const out = createRgbImage(width, height);
  const row = new Float64Array(width);
  for (let channel = 0; channel < 3; channel++) {
    const source = channel * image.width * image.height;
    const target = channel * width * height;
    const accumulated = new Float64Array(width * height);
    for (let y = 0; y < image.height; y++) {
      row.fill(0);
      const offset = source + y * image.width;
      for (const { from, to, weight } of horizontal)
        row[to] += weight * image.data[offset + from];
      for (const { to, weight } of verticalByRow[y]) {
        for (let x = 0; x < width; x++)
          accumulated[to * width + x] += weight * row[x];
      }
    }
    for (let index = 0; index < width * height; index++)
      out.data[target + index] = accumulated[index];
  }
  return out;
}
function groupBySource(contributions, sourceSize) {
  const groups = Array.from({ length: sourceSize }, () => []);
  for (const contribution of contributions)
    groups[contribution.from].push(contribution);
  return groups;
}
function coverage(sourceSize, targetSize) {
  const scale = sourceSize / targetSize;
  const contributions = [];
  for (let to = 0; to < targetSize; to++) {
    const start = to * scale;
    const end = start + scale;
    for (let from = Math.floor(start); from < Math.min(sourceSize, Math.ceil(end)); from++) {
      const overlap = Math.min(end, from + 1) - Math.max(start, from);
      if (overlap > 0)
        contributions.push({ from, to, weight: overlap / scale });
    }
  }
  return contributions;
}

// dist/src/engine/fast/architecture.js
var RESIDUAL_BLOCKS = 5;
function residualLayers() {
  return Array.from({ length: 2 * RESIDUAL_BLOCKS }, (_, offset) => {
    const index = 3 + offset;
    const second = offset % 2 === 1;
    const base = { index, kind: "conv", kernelSize: 3, stride: 1, inChannels: 128, outChannels: 128 };
    return second ? { ...base, activation: "none", addsInputOf: index - 1 } : { ...base, activation: "relu" };
  });
}
var FAST_STYLE_LAYERS = [
  { index: 0, kind: "conv", kernelSize: 9, stride: 1, inChannels: 3, outChannels: 32, activation: "relu" },
  { index: 1, kind: "conv", kernelSize: 3, stride: 2, inChannels: 32, outChannels: 64, activation: "relu" },
  { index: 2, kind: "conv", kernelSize: 3, stride: 2, inChannels: 64, outChannels: 128, activation: "relu" },
  ...residualLayers(),
  { index: 13, kind: "convTranspose", kernelSize: 3, stride: 2, inChannels: 128, outChannels: 64, activation: "relu" },
  { index: 14, kind: "convTranspose", kernelSize: 3, stride: 2, inChannels: 64, outChannels: 32, activation: "relu" },
  { index: 15, kind: "conv", kernelSize: 9, stride: 1, inChannels: 32, outChannels: 3, activation: "tanh" }
];
var OUTPUT_TANH_SCALE = 150;
var OUTPUT_OFFSET = 127.5;
var INSTANCE_NORM_EPSILON = 1e-3;
var FAST_STYLE_DOWNSAMPLING = 4;
function fastTensorName(n) {
  return n === 0 ? "Variable" : `Variable_${n}`;
}
function tfFilterShape(spec) {
  const { kernelSize: k, inChannels, outChannels } = spec;
  return spec.kind === "conv" ? [k, k, inChannels, outChannels] : [k, k, outChannels, inChannels];
}
function expectedFastTensors() {
  return FAST_STYLE_LAYERS.flatMap((spec) => [
    { name: fastTensorName(3 * spec.index), shape: tfFilterShape(spec) },
    { name: fastTensorName(3 * spec.index + 1), shape: [spec.outChannels] },
    { name: fastTensorName(3 * spec.index + 2), shape: [spec.outChannels] }
  ]);
}
function networkOutputSize(sizePx) {
  return 2 * Math.ceil(Math.ceil(sizePx / 2) / 2) * 2;
}

// dist/src/engine/fast/kernels.js
function onnxFilter(spec, filter) {
  const k = spec.kernelSize;
  const [a, b] = spec.kind === "conv" ? [spec.inChannels, spec.outChannels] : [spec.outChannels, spec.inChannels];
  const out = new Float32Array(filter.length);
  for (let y = 0; y < k; y++)
    for (let x = 0; x < k; x++)
      for (let i = 0; i < a; i++)
        for (let o = 0; o < b; o++)
          out[((o * a + i) * k + y) * k + x] = filter[((y * k + x) * a + i) * b + o];
  return out;
}
function onnxFilterDims(spec) {
  const k = spec.kernelSize;
  return spec.kind === "conv" ? [spec.outChannels, spec.inChannels, k, k] : [spec.inChannels, spec.outChannels, k, k];
}
function samePadding(sizePx, kernelSize, stride) {
  const outSize = Math.ceil(sizePx / stride);
  const total = Math.max((outSize - 1) * stride + kernelSize - sizePx, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
function transposedSamePadding(sizePx, kernelSize, stride) {
  const outSize = sizePx * stride;
  const [before] = samePadding(outSize, kernelSize, stride);
  return [before, (sizePx - 1) * stride + kernelSize - outSize - before];
}

// dist/src/engine/fast/norm-statistics.js
function normAffine(layer, statistics) {
  const channels = layer.spec.outChannels;
  const gain = new Float32Array(channels);
  const offset = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const g = layer.scale[c] / Math.sqrt(statistics.variance[c] + INSTANCE_NORM_EPSILON);
    gain[c] = g;
    offset[c] = layer.shift[c] - g * statistics.mean[c];
  }
  return { gain, offset };
}
function foldGain(spec, weights, gain) {
  const taps = spec.kernelSize * spec.kernelSize;
  const folded = new Float32Array(weights.length);
  for (let index = 0; index < weights.length; index++) {
    const channel = spec.kind === "conv" ? Math.floor(index / (spec.inChannels * taps)) : Math.floor(index / taps) % spec.outChannels;
    folded[index] = weights[index] * gain[channel];
  }
  return folded;
}

// dist/src/engine/fast/sub-pixel.js
var SUB_PIXEL_BLOCK = 2;
function canUseSubPixel(spec, height, width) {
  return spec.kind === "conv" && spec.stride === 1 && spec.kernelSize === 9 && spec.inChannels >= 16 && height % 2 === 0 && width % 2 === 0;
}
function subPixelKernelSize(spec) {
  return 2 * Math.floor(spec.kernelSize / 2 / SUB_PIXEL_BLOCK) + 1;
}
function subPixelKernel(spec, filter, gain) {
  const { kernelSize: k, inChannels, outChannels } = spec;
  const half = Math.floor(k / 2);
  const size = subPixelKernelSize(spec);
  const radius = Math.floor(size / 2);
  const blocks = SUB_PIXEL_BLOCK * SUB_PIXEL_BLOCK;
  const out = new Float32Array(blocks * outChannels * blocks * inChannels * size * size);
  for (let phaseOut = 0; phaseOut < blocks; phaseOut++) {
    for (let phaseIn = 0; phaseIn < blocks; phaseIn++) {
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const ty = SUB_PIXEL_BLOCK * dy + Math.floor(phaseIn / 2) - Math.floor(phaseOut / 2) + half;
          const tx = SUB_PIXEL_BLOCK * dx + phaseIn % 2 - phaseOut % 2 + half;
          if (ty < 0 || ty >= k || tx < 0 || tx >= k)
            continue;
          for (let ci = 0; ci < inChannels; ci++) {
            for (let co = 0; co < outChannels; co++) {
              const o = phaseOut * outChannels + co;
              const i = phaseIn * inChannels + ci;
              const value = filter[((ty * k + tx) * inChannels + ci) * outChannels + co];
              out[((o * blocks * inChannels + i) * size + dy + radius) * size + dx + radius] = gain ? value * gain[co] : value;
            }
          }
        }
      }
    }
  }
  return out;
}
function repeatPerPhase(values) {
  const blocks = SUB_PIXEL_BLOCK * SUB_PIXEL_BLOCK;
  const out = new Float32Array(blocks * values.length);
  for (let phase = 0; phase < blocks; phase++)
    out.set(values, phase * values.length);
  return out;
}

// dist/src/engine/fast/network-graph.js
var RATE_INPUT = "statistics_rate";
var FAST_GRAPH_IO = { input: "image", output: "stylized" };
function buildFastStyleGraph(checkpoint, options) {
  const { height, width } = options;
  const emitter = {
    graph: new GraphBuilder("fast_style"),
    subPixel: options.subPixel ?? true,
    normalization: options.normalization ?? { kind: "instance" },
    statisticsOutputs: [],
    statisticsInputs: []
  };
  const { graph } = emitter;
  const dims = [1, 3, height, width];
  let activation = { value: graph.input(FAST_GRAPH_IO.input, dims), height, width };
  if (emitter.normalization.kind === "running")
    emitter.rateInput = graph.input(RATE_INPUT, [1]);
  const layerInputs = [];
  for (const layer of checkpoint.layers) {
    layerInputs.push(activation.value);
    activation = emitFilter(emitter, layer, activation);
    let value = emitNorm(emitter, layer, activation);
    if (layer.spec.addsInputOf !== void 0)
      value = graph.op("Add", [value, layerInputs[layer.spec.addsInputOf]]);
    if (layer.spec.activation === "relu")
      value = graph.op("Relu", [value]);
    activation = { ...activation, value };
  }
  const tanh = graph.op("Tanh", [activation.value]);
  const scaled = graph.op("Add", [graph.op("Mul", [tanh, graph.constFloat(OUTPUT_TANH_SCALE)]), graph.constFloat(OUTPUT_OFFSET)]);
  const clipped = graph.op("Clip", [scaled, graph.constFloat(0), graph.constFloat(255)]);
  const cropped = networkOutputSize(height) === height && networkOutputSize(width) === width ? clipped : graph.op("Slice", [clipped, graph.constInt64([0, 0]), graph.constInt64([height, width]), graph.constInt64([2, 3])]);
  graph.output(cropped, FAST_GRAPH_IO.output, dims);
  return {
    model: graph.toModel(),
    inputName: FAST_GRAPH_IO.input,
    outputName: FAST_GRAPH_IO.output,
    dims,
    statisticsOutputs: emitter.statisticsOutputs,
    statisticsInputs: emitter.statisticsInputs,
    ...emitter.rateInput ? { rateInput: emitter.rateInput } : {}
  };
}
function emitFilter(emitter, layer, input) {
  const { graph, normalization } = emitter;
  const { spec } = layer;
  if (emitter.subPixel && canUseSubPixel(spec, input.height, input.width))
    return emitSubPixelConv(emitter, layer, input);
  const weights = onnxFilter(spec, layer.filter);
  const inputs = [input.value];
  if (normalization.kind === "fixed") {
    const { gain, offset } = normAffine(layer, normalization.statistics[spec.index]);
    inputs.push(graph.initializer(`filter${spec.index}`, foldGain(spec, weights, gain), onnxFilterDims(spec)));
    inputs.push(graph.initializer(`bias${spec.index}`, offset, [spec.outChannels]));
  } else {
    inputs.push(graph.initializer(`filter${spec.index}`, weights, onnxFilterDims(spec)));
  }
  const { kernelSize: k, stride } = spec;
  const padding = spec.kind === "conv" ? samePadding : transposedSamePadding;
  const [top, bottom] = padding(input.height, k, stride);
  const [left, right] = padding(input.width, k, stride);
  const attributes = { kernel_shape: { ints: [k, k] }, strides: { ints: [stride, stride] }, pads: { ints: [top, left, bottom, right] } };
  const value = graph.op(spec.kind === "conv" ? "Conv" : "ConvTranspose", inputs, attributes);
  if (spec.kind === "convTranspose")
    return { value, height: input.height * stride, width: input.width * stride };
  return { value, height: Math.ceil(input.height / stride), width: Math.ceil(input.width / stride) };
}
function emitSubPixelConv(emitter, layer, input) {
  const { graph, normalization } = emitter;
  const { spec } = layer;
  const blocksize = { blocksize: { int: SUB_PIXEL_BLOCK } };
  const phases = SUB_PIXEL_BLOCK * SUB_PIXEL_BLOCK;
  const size = subPixelKernelSize(spec);
  const dims = [phases * spec.outChannels, phases * spec.inChannels, size, size];
  const affine = normalization.kind === "fixed" ? normAffine(layer, normalization.statistics[spec.index]) : void 0;
  const inputs = [emitSpaceToDepth(graph, input.value, [spec.inChannels, input.height, input.width], SUB_PIXEL_BLOCK), graph.initializer(`filter${spec.index}`, subPixelKernel(spec, layer.filter, affine?.gain), dims)];
  if (affine)
    inputs.push(graph.initializer(`bias${spec.index}`, repeatPerPhase(affine.offset), [dims[0]]));
  const radius = Math.floor(size / 2);
  const conv = graph.op("Conv", inputs, { kernel_shape: { ints: [size, size] }, pads: { ints: [radius, radius, radius, radius] } });
  return { value: graph.op("DepthToSpace", [conv], { ...blocksize, mode: { string: "DCR" } }), height: input.height, width: input.width };
}
function emitNorm(emitter, layer, conv) {
  const { graph, normalization } = emitter;
  const { index, outChannels } = layer.spec;
  if (normalization.kind === "fixed")
    return conv.value;
  if (normalization.kind === "instance" && !normalization.exposeStatistics) {
    const scale = graph.initializer(`scale${index}`, layer.scale, [outChannels]);
    const shift = graph.initializer(`shift${index}`, layer.shift, [outChannels]);
    return graph.op("InstanceNormalization", [conv.value, scale, shift], { epsilon: { float: INSTANCE_NORM_EPSILON } });
  }
  const moments = emitMoments(graph, conv.value);
  const { mean, variance } = normalization.kind === "running" ? emitRunningMoments(emitter, index, outChannels, moments) : moments;
  const centered = normalization.kind === "running" ? graph.op("Sub", [conv.value, mean]) : moments.centered;
  exposeStatistics(emitter, index, outChannels, mean, variance);
  const inverseStd = graph.op("Reciprocal", [graph.op("Sqrt", [graph.op("Add", [variance, graph.constFloat(INSTANCE_NORM_EPSILON)])])]);
  const gain = graph.op("Mul", [inverseStd, perChannel(graph, `scale${index}`, layer.scale)]);
  return graph.op("Add", [graph.op("Mul", [centered, gain]), perChannel(graph, `shift${index}`, layer.shift)]);
}
function emitRunningMoments(emitter, index, channels, now) {
  const { graph } = emitter;
  const dims = [1, channels, 1, 1];
  const before = { mean: graph.input(`previous_mean${index}`, dims), variance: graph.input(`previous_variance${index}`, dims) };
  emitter.statisticsInputs.push(before);
  const rate = emitter.rateInput;
  const keep = graph.op("Sub", [graph.constFloat(1), rate]);
  const mix = (current, previous) => graph.op("Add", [graph.op("Mul", [current, rate]), graph.op("Mul", [previous, keep])]);
  return { mean: mix(now.mean, before.mean), variance: mix(now.variance, before.variance) };
}
function emitMoments(graph, value) {
  const axes = { axes: { ints: [2, 3] }, keepdims: { int: 1 } };
  const mean = graph.op("ReduceMean", [value], axes);
  const centered = graph.op("Sub", [value, mean]);
  const variance = graph.op("ReduceMean", [graph.op("Mul", [centered, centered])], axes);
  return { mean, variance, centered };
}
function exposeStatistics(emitter, index, channels, mean, variance) {
  const dims = [1, channels, 1, 1];
  emitter.statisticsOutputs.push({
    mean: emitter.graph.output(mean, `mean${index}`, dims),
    variance: emitter.graph.output(variance, `variance${index}`, dims)
  });
}
function perChannel(graph, prefix, values) {
  return graph.initializer(prefix, values, [1, values.length, 1, 1]);
}

// dist/src/engine/fast/strength.js
function blendStrength(stylized, content, strength) {
  if (!(strength >= 0 && strength <= 1))
    throw invalidOption("a number from 0 to 1", "strength", strength);
  assertSameSize(stylized, content, "the stylized image and the content image");
  if (strength === 1)
    return stylized;
  const data = new Float32Array(stylized.data.length);
  for (let index = 0; index < data.length; index++) {
    data[index] = strength * stylized.data[index] + (1 - strength) * content.data[index];
  }
  return createRgbImage(content.width, content.height, data);
}

// dist/src/engine/fast/tile-plan.js
var TILE_EDGE_REACH_PX = 52;
var MIN_FADE_PX = 8;
function planTiles(width, height, options) {
  const paddedWidth = roundUp(width);
  const paddedHeight = roundUp(height);
  const { overlapPx, maxTilePixels } = options;
  let best;
  for (let columns = 1; columns <= maxTileCount(paddedWidth, overlapPx); columns++) {
    const tileWidth = tileSize(paddedWidth, columns, overlapPx);
    const rows = fewestTiles(paddedHeight, Math.floor(maxTilePixels / tileWidth), overlapPx);
    if (rows === void 0)
      continue;
    const tileHeight = tileSize(paddedHeight, rows, overlapPx);
    const total = columns * rows * tileWidth * tileHeight;
    if (!best || total < best.total)
      best = { columns, rows, tileWidth, tileHeight, total };
  }
  if (!best)
    throw new RangeError(`no tiling of ${width}\xD7${height} fits ${maxTilePixels} pixels with ${overlapPx} px overlap`);
  return {
    tileWidth: best.tileWidth,
    tileHeight: best.tileHeight,
    columns: axisTiles(paddedWidth, best.tileWidth, best.columns),
    rows: axisTiles(paddedHeight, best.tileHeight, best.rows)
  };
}
function axisWeight(tile, position) {
  if (tile.fadeIn && position < tile.fadeIn[1])
    return 1 - fadeOutWeight(tile.fadeIn, position);
  if (tile.fadeOut && position >= tile.fadeOut[0])
    return fadeOutWeight(tile.fadeOut, position);
  return 1;
}
function fadeOutWeight([from, to], position) {
  if (position < from)
    return 1;
  if (position >= to)
    return 0;
  return 0.5 * (1 + Math.cos(Math.PI * (position + 0.5 - from) / (to - from)));
}
function tileSize(extent, count, overlapPx) {
  if (count === 1)
    return extent;
  return Math.min(extent, roundUp(Math.ceil((extent + (count - 1) * (overlapPx + FAST_STYLE_DOWNSAMPLING)) / count)));
}
function maxTileCount(extent, overlapPx) {
  return Math.max(1, Math.ceil((extent - overlapPx - FAST_STYLE_DOWNSAMPLING) / FAST_STYLE_DOWNSAMPLING));
}
function fewestTiles(extent, maxSize, overlapPx) {
  if (extent <= maxSize)
    return 1;
  const stride = roundDown(maxSize) - overlapPx - FAST_STYLE_DOWNSAMPLING;
  if (stride < FAST_STYLE_DOWNSAMPLING)
    return void 0;
  return Math.ceil((extent - overlapPx - FAST_STYLE_DOWNSAMPLING) / stride);
}
function axisTiles(extent, size, count) {
  const starts = Array.from({ length: count }, (_, index) => index === count - 1 ? extent - size : roundDown(Math.round(index * (extent - size) / Math.max(1, count - 1))));
  const fades = starts.slice(1).map((nextStart, index) => {
    const overlapEnd = starts[index] + size;
    const overlap = overlapEnd - nextStart;
    const guard = overlap >= 2 * TILE_EDGE_REACH_PX + MIN_FADE_PX ? TILE_EDGE_REACH_PX : Math.floor(overlap / 4);
    return [nextStart + guard, overlapEnd - guard];
  });
  return starts.map((start, index) => ({ start, fadeIn: index > 0 ? fades[index - 1] : null, fadeOut: index < count - 1 ? fades[index] : null }));
}
function roundUp(value) {
  return Math.ceil(value / FAST_STYLE_DOWNSAMPLING) * FAST_STYLE_DOWNSAMPLING;
}
function roundDown(value) {
  return Math.floor(value / FAST_STYLE_DOWNSAMPLING) * FAST_STYLE_DOWNSAMPLING;
}

// dist/src/engine/fast/tile-blend.js
function extractTile(image, tile) {
  const { width, height } = tile;
  const out = new Float32Array(3 * width * height);
  const plane = image.width * image.height;
  for (let channel = 0; channel < 3; channel++) {
    for (let y = 0; y < height; y++) {
      const sourceY = Math.min(tile.row.start + y, image.height - 1);
      const sourceRow = channel * plane + sourceY * image.width;
      const targetRow = (channel * height + y) * width;
      for (let x = 0; x < width; x++)
        out[targetRow + x] = image.data[sourceRow + Math.min(tile.column.start + x, image.width - 1)];
    }
  }
  return out;
}
function accumulateTile(target, tileOutput, tile) {
  const { width, height } = tile;
  const columns = Math.min(width, target.width - tile.column.start);
  const rows = Math.min(height, target.height - tile.row.start);
  const columnWeights = Float32Array.from({ length: columns }, (_, x) => axisWeight(tile.column, tile.column.start + x));
  const plane = target.width * target.height;
  for (let y = 0; y < rows; y++) {
    const rowWeight = axisWeight(tile.row, tile.row.start + y);
    if (rowWeight === 0)
      continue;
    for (let channel = 0; channel < 3; channel++) {
      const targetRow = channel * plane + (tile.row.start + y) * target.width + tile.column.start;
      const sourceRow = (channel * height + y) * width;
      for (let x = 0; x < columns; x++)
        target.data[targetRow + x] += rowWeight * columnWeights[x] * tileOutput[sourceRow + x];
    }
  }
}

// dist/src/engine/fast/tiled-run.js
async function measureFastStatistics(runtime, checkpoint, image) {
  const graph = buildFastStyleGraph(checkpoint, { height: image.height, width: image.width, normalization: { kind: "instance", exposeStatistics: true } });
  const outputs = await runFastGraph(runtime, graph, image.data);
  return graph.statisticsOutputs.map(({ mean, variance }) => ({ mean: outputs[mean].data, variance: outputs[variance].data }));
}
async function stylizeTiled(runtime, checkpoint, image, statistics, options) {
  const startedAt = options.startedAt ?? Date.now();
  const plan = planTiles(image.width, image.height, { maxTilePixels: options.maxTilePixels, overlapPx: options.overlapPx });
  const { tileWidth: width, tileHeight: height } = plan;
  const graph = buildFastStyleGraph(checkpoint, { height, width, normalization: { kind: "fixed", statistics } });
  const output = createRgbImage(image.width, image.height);
  const count = plan.rows.length * plan.columns.length;
  throwIfAborted(options.signal);
  const session = await runtime.createSession(graph.model);
  try {
    let index = 0;
    for (const row of plan.rows) {
      for (const column of plan.columns) {
        throwIfAborted(options.signal);
        const placement = { row, column, width, height };
        const outputs = await session.run({ [graph.inputName]: { data: extractTile(image, placement), dims: graph.dims } });
        accumulateTile(output, outputs[graph.outputName].data, placement);
        options.onProgress?.({ type: "tile", index: ++index, count, elapsedMs: Date.now() - startedAt });
      }
    }
  } finally {
    await session.release();
  }
  return output;
}
async function runFastGraph(runtime, graph, data) {
  let session;
  try {
    session = await runtime.createSession(graph.model);
    return await session.run({ [graph.inputName]: { data, dims: graph.dims } });
  } finally {
    await session?.release();
  }
}

// dist/src/engine/fast/stylize-fast.js
var FAST_STYLE_DEFAULTS = { tileSizePx: 768, overlapPx: 128, strength: 1 };
async function stylizeFast(runtime, checkpoint, image, options = {}) {
  const { tileSizePx, statisticsSizePx, overlapPx, strength } = resolveOptions(options);
  const startedAt = Date.now();
  const maxTilePixels = tileSizePx * tileSizePx;
  throwIfAborted(options.signal);
  let stylized;
  if (image.width * image.height <= maxTilePixels) {
    const graph = buildFastStyleGraph(checkpoint, { height: image.height, width: image.width });
    const outputs = await runFastGraph(runtime, graph, image.data);
    stylized = createRgbImage(image.width, image.height, outputs[graph.outputName].data);
    options.onProgress?.({ type: "tile", index: 1, count: 1, elapsedMs: Date.now() - startedAt });
  } else {
    const scale = Math.min(1, statisticsSizePx / Math.sqrt(image.width * image.height));
    const small = scale === 1 ? image : downscaleArea(image, Math.max(1, Math.floor(image.width * scale)), Math.max(1, Math.floor(image.height * scale)));
    const statistics = await measureFastStatistics(runtime, checkpoint, small);
    options.onProgress?.({ type: "statistics", width: small.width, height: small.height, elapsedMs: Date.now() - startedAt });
    const { onProgress, signal } = options;
    stylized = await stylizeTiled(runtime, checkpoint, image, statistics, { maxTilePixels, overlapPx, onProgress, signal, startedAt });
  }
  return blendStrength(stylized, image, strength);
}
function resolveOptions(options) {
  const tileSizePx = options.tileSizePx ?? FAST_STYLE_DEFAULTS.tileSizePx;
  const statisticsSizePx = options.statisticsSizePx ?? tileSizePx;
  const overlapPx = options.overlapPx ?? FAST_STYLE_DEFAULTS.overlapPx;
  const strength = options.strength ?? FAST_STYLE_DEFAULTS.strength;
  if (!Number.isInteger(tileSizePx) || tileSizePx < 64)
    throw invalidOption("an integer of at least 64", "tileSizePx", tileSizePx);
  if (!Number.isInteger(statisticsSizePx) || statisticsSizePx < 64)
    throw invalidOption("an integer of at least 64", "statisticsSizePx", statisticsSizePx);
  if (!Number.isInteger(overlapPx) || overlapPx < 0 || overlapPx > tileSizePx / 2) {
    throw invalidOption(`an integer from 0 to ${tileSizePx / 2} (half the tile size; ${2 * TILE_EDGE_REACH_PX} or more for exact tiles)`, "overlapPx", overlapPx);
  }
  if (!(strength >= 0 && strength <= 1))
    throw invalidOption("a number from 0 to 1", "strength", strength);
  return { tileSizePx, statisticsSizePx, overlapPx, strength };
}

// dist/src/options/preset-schema.js
var DEFAULT_TILE_SIZE_PX = FAST_STYLE_DEFAULTS.tileSizePx;
var presetOptionsSchema = z.object({
  content: z.string().min(1),
  model: z.string().min(1),
  size: z.number().int().min(16).max(65536).optional(),
  strength: z.number().min(0).max(1).default(STYLIZE_DEFAULTS.strength),
  originalColors: z.boolean().default(false),
  tileSize: z.number().int().min(128).max(8192).default(DEFAULT_TILE_SIZE_PX),
  threads: z.number().int().min(1).max(1024).optional(),
  device: deviceSchema,
  maxPixels: z.number().int().positive().default(DEFAULT_MAX_PIXELS)
});
function parsePresetOptions(input, nameOf = optionKey) {
  return parseOptions(presetOptionsSchema, input, nameOf);
}

export {
  blendStrength,
  FAST_STYLE_LAYERS,
  fastTensorName,
  expectedFastTensors,
  buildFastStyleGraph,
  stylizeFast,
  DEFAULT_TILE_SIZE_PX,
  presetOptionsSchema,
  parsePresetOptions
};
