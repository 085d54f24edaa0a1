import {
  openOrtRuntime
} from "./chunk-LLJ2YMLV.js";
import {
  readImage,
  resizeImage
} from "./chunk-SXACJSYC.js";
import {
  validateNetworkWeights
} from "./chunk-IZ6XPADM.js";
import {
  emitNetworkForward
} from "./chunk-5XKSNP64.js";
import {
  GraphBuilder
} from "./chunk-SMFVLVLN.js";
import {
  createRgbImage
} from "./chunk-RLZ7CLXZ.js";
import {
  CAFFE_MEAN_BGR,
  findLayer
} from "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  invalidOption,
  invalidValue,
  isPainterlyError,
  throwIfAborted
} from "./chunk-ELBWPZQG.js";

// dist/src/node/visualize-images.js
import fs from "node:fs/promises";
import { extname, join } from "node:path";
var VISUALIZE_IMAGE_EXTENSIONS = [".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif"];
var NEUTRAL_RGB = [CAFFE_MEAN_BGR[2], CAFFE_MEAN_BGR[1], CAFFE_MEAN_BGR[0]];
async function listImageFiles(dir) {
  const stats = await fs.stat(dir).catch(() => void 0);
  if (!stats)
    throw new PainterlyError("IMAGE_NOT_FOUND", `The image folder ${dir} does not exist. Choose a folder of JPEG/PNG/WebP/TIFF/GIF files.`, { option: "images" });
  if (!stats.isDirectory())
    throw invalidOption("a folder of images", "images", dir);
  const files = await walk(dir);
  if (files.length === 0) {
    throw new PainterlyError("INVALID_OPTION", `Expected image files (${VISUALIZE_IMAGE_EXTENSIONS.join(" ")}) in ${dir} or its subfolders but found none. Choose a folder of photos.`, { option: "images" });
  }
  return files;
}
async function walk(dir, visited = /* @__PURE__ */ new Set()) {
  const real = await fs.realpath(dir);
  if (visited.has(real))
    return [];
  visited.add(real);
  const entries = (await fs.readdir(dir, { withFileTypes: true })).filter((entry) => !entry.name.startsWith("."));
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const files = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const target = entry.isSymbolicLink() ? await fs.stat(path).catch(() => void 0) : entry;
    if (target?.isDirectory())
      files.push(...await walk(path, visited));
    else if (target?.isFile() && VISUALIZE_IMAGE_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
      files.push(path);
  }
  return files;
}
async function loadSquareImage(path, sizePx, maxPixels) {
  const decoded = await readImage(path, { maxPixels, targetShortSidePx: sizePx });
  const { width, height } = decoded.rgb;
  const scale = sizePx / Math.min(width, height);
  const coverWidth = Math.max(sizePx, Math.round(width * scale));
  const coverHeight = Math.max(sizePx, Math.round(height * scale));
  const resized = await resizeImage(decoded, coverWidth, coverHeight);
  return centreCrop(flattenAlpha(resized), sizePx);
}
function flattenAlpha({ rgb, alpha }) {
  if (!alpha)
    return rgb;
  const pixels = rgb.width * rgb.height;
  const data = new Float32Array(rgb.data.length);
  for (let channel = 0; channel < 3; channel++) {
    for (let pixel = 0; pixel < pixels; pixel++) {
      const opacity = alpha[pixel] / 255;
      data[channel * pixels + pixel] = rgb.data[channel * pixels + pixel] * opacity + NEUTRAL_RGB[channel] * (1 - opacity);
    }
  }
  return createRgbImage(rgb.width, rgb.height, data);
}
function centreCrop(image, sizePx) {
  if (image.width === sizePx && image.height === sizePx)
    return image;
  const left = Math.floor((image.width - sizePx) / 2);
  const top = Math.floor((image.height - sizePx) / 2);
  const out = createRgbImage(sizePx, sizePx);
  for (let channel = 0; channel < 3; channel++) {
    for (let y = 0; y < sizePx; y++) {
      const from = (channel * image.height + top + y) * image.width + left;
      out.data.set(image.data.subarray(from, from + sizePx), (channel * sizePx + y) * sizePx);
    }
  }
  return out;
}

// dist/src/engine/visualize/activation-graph.js
var ACTIVATION_GRAPH_INPUT = "image";
var ACTIVATION_GRAPH_OUTPUT = "activation";
function buildActivationGraph(spec) {
  findLayer(spec.weights.network, spec.layer);
  const graph = new GraphBuilder("painterly_activation");
  const image = graph.input(ACTIVATION_GRAPH_INPUT, [1, 3, spec.height, spec.width]);
  const traces = emitNetworkForward(graph, image, spec.height, spec.width, {
    weights: spec.weights,
    pooling: spec.pooling,
    neededLayers: [spec.layer]
  });
  const trace = traces[traces.length - 1];
  graph.output(trace.activation, ACTIVATION_GRAPH_OUTPUT, [1, ...trace.dims]);
  return { model: graph.toModel(), dims: trace.dims };
}

// dist/src/engine/visualize/receptive-field.js
var POOL_KERNEL = 2;
var POOL_STRIDE = 2;
function receptiveFields(network) {
  let sizePx = 1;
  let jumpPx = 1;
  let startPx = 0;
  return network.layers.map((spec) => {
    if (spec.pooledBefore) {
      sizePx += (POOL_KERNEL - 1) * jumpPx;
      jumpPx *= POOL_STRIDE;
    }
    sizePx += (spec.kernelSize - 1) * jumpPx;
    startPx -= (spec.kernelSize - 1) / 2 * jumpPx;
    return { layer: spec.name, sizePx, jumpPx, startPx };
  });
}
function receptiveField(network, layer) {
  const index = network.layers.indexOf(findLayer(network, layer));
  return receptiveFields(network)[index];
}
function patchBox(network, layer, x, y) {
  const { sizePx, jumpPx, startPx } = receptiveField(network, layer);
  return { left: startPx + x * jumpPx, top: startPx + y * jumpPx, width: sizePx, height: sizePx };
}
function suppressionRadius(network, layer) {
  const { sizePx, jumpPx } = receptiveField(network, layer);
  return Math.ceil(sizePx / jumpPx / 2);
}

// dist/src/engine/visualize/top-activations.js
var DEFAULT_RECORDS_PER_UNIT = 9;
var TopActivations = class {
  kept = /* @__PURE__ */ new Map();
  perUnit;
  radius;
  mask = new Uint8Array(0);
  constructor(options) {
    this.perUnit = options.perUnit ?? DEFAULT_RECORDS_PER_UNIT;
    this.radius = options.radius;
    if (!Number.isInteger(this.perUnit) || this.perUnit < 1)
      throw invalidOption("a positive integer", "perUnit", this.perUnit);
    if (!Number.isInteger(this.radius) || this.radius < 1)
      throw invalidOption("a positive integer", "radius", this.radius);
    for (const unit of options.units)
      this.kept.set(unit, []);
  }
  /** Considers one image's activation: all `dims[0]` units, planar [C,h,w] (batch of one). */
  add(image, activation, dims) {
    const [channels, height, width] = dims;
    const planeSize = height * width;
    if (activation.length !== channels * planeSize) {
      throw invalidValue(`${channels * planeSize} values (${dims.join("\xD7")})`, "activation", `${activation.length} values`);
    }
    if (this.mask.length !== planeSize)
      this.mask = new Uint8Array(planeSize);
    for (const [unit, kept] of this.kept) {
      if (unit < 0 || unit >= channels)
        throw invalidOption(`a unit below ${channels}`, "unit", unit);
      const plane = activation.subarray(unit * planeSize, (unit + 1) * planeSize);
      const picks = this.greedyPicks(image, plane, width, height, kept);
      if (picks.length > 0)
        this.kept.set(unit, mergeSorted(kept, picks, this.perUnit));
    }
  }
  /** Every tracked unit's records, in the order the units were given. */
  results() {
    return [...this.kept].map(([unit, records]) => ({ unit, records: [...records] }));
  }
  /** Strongest positions of one plane, greedily suppressing neighbourhoods, above what `kept` already holds. */
  greedyPicks(image, plane, width, height, kept) {
    const floor = kept.length < this.perUnit ? 0 : kept[this.perUnit - 1].activation;
    const picks = [];
    while (picks.length < this.perUnit) {
      let best = -1;
      let bestValue = floor;
      for (let i = 0; i < plane.length; i++) {
        if (plane[i] > bestValue && this.mask[i] === 0) {
          best = i;
          bestValue = plane[i];
        }
      }
      if (best < 0)
        break;
      const record = { image, x: best % width, y: Math.floor(best / width), activation: bestValue };
      picks.push(record);
      this.markNeighbourhood(record, width, height, 1);
    }
    for (const record of picks)
      this.markNeighbourhood(record, width, height, 0);
    return picks;
  }
  markNeighbourhood(record, width, height, value) {
    const reach = this.radius - 1;
    const left = Math.max(0, record.x - reach);
    const right = Math.min(width - 1, record.x + reach);
    for (let y = Math.max(0, record.y - reach); y <= Math.min(height - 1, record.y + reach); y++) {
      this.mask.fill(value, y * width + left, y * width + right + 1);
    }
  }
};
function mergeSorted(older, newer, limit) {
  const merged = [];
  let i = 0;
  let j = 0;
  while (merged.length < limit && (i < older.length || j < newer.length)) {
    const takeOlder = j >= newer.length || i < older.length && older[i].activation >= newer[j].activation;
    merged.push(takeOlder ? older[i++] : newer[j++]);
  }
  return merged;
}
function pickTopUnits(results, count) {
  const maximum = (entry) => entry.records[0]?.activation ?? 0;
  return [...results].sort((a, b) => maximum(b) - maximum(a) || a.unit - b.unit).slice(0, count);
}

// dist/src/node/visualize.js
var MAX_SIZE_PX = 2048;
var DEFAULT_VISUALIZE_SIZE_PX = 224;
var DEFAULT_UNIT_COUNT = 16;
async function visualizeFolder(options, hooks = {}) {
  const startMs = Date.now();
  const unitCount = checkOptions(options);
  const paths = await listImageFiles(options.images);
  const { layer, sizePx, weights } = options;
  const runtime = await openOrtRuntime({ device: options.device ?? "cpu", threads: options.threads, onNotice: hooks.onNotice });
  hooks.onProgress?.({ type: "start", images: paths.length, layer, network: weights.network.displayName, weights: weights.source, pretrained: weights.pretrained, sizePx, provider: runtime.provider, elapsedMs: 0 });
  const tracked = options.topUnits !== void 0 ? range(unitCount) : options.units ?? range(Math.min(DEFAULT_UNIT_COUNT, unitCount));
  const top = new TopActivations({ units: tracked, radius: suppressionRadius(weights.network, layer) });
  const graph = buildActivationGraph({ height: sizePx, width: sizePx, weights, pooling: options.pooling, layer });
  const session = await runtime.createSession(graph.model);
  let skipped = 0;
  try {
    const load = (index) => loadSquareImage(paths[index], sizePx, options.maxPixels).catch((error) => error instanceof Error ? error : new Error(String(error)));
    let next = paths.length > 0 ? load(0) : void 0;
    for (let index = 0; index < paths.length; index++) {
      throwIfAborted(hooks.signal, "The visualization was cancelled.");
      const image = await next;
      next = index + 1 < paths.length ? load(index + 1) : void 0;
      if (image instanceof Error) {
        skipped++;
        hooks.onProgress?.({ type: "skip", path: paths[index], reason: image.message, ...isPainterlyError(image) && image.option ? { option: image.option } : {} });
      } else {
        const output = await session.run({ [ACTIVATION_GRAPH_INPUT]: { data: image.data, dims: [1, 3, sizePx, sizePx] } });
        top.add(index, output[ACTIVATION_GRAPH_OUTPUT].data, graph.dims);
      }
      hooks.onProgress?.({ type: "image", index: index + 1, images: paths.length, path: paths[index], elapsedMs: Date.now() - startMs });
    }
    await next?.catch(() => void 0);
  } finally {
    await session.release();
  }
  if (skipped === paths.length) {
    throw new PainterlyError("IMAGE_DECODE_FAILED", `None of the ${paths.length} image files in ${options.images} could be read (see the skipped files above). Check the files.`);
  }
  hooks.onProgress?.({ type: "done", images: paths.length - skipped, skipped, elapsedMs: Date.now() - startMs });
  const chosen = options.topUnits !== void 0 ? pickTopUnits(top.results(), options.topUnits) : top.results();
  return { layer, sizePx, weights, units: chosen.map((entry) => describeUnit(entry, weights.network, layer, paths)), imageCount: paths.length - skipped, skipped, pooling: options.pooling };
}
function checkOptions(options) {
  const { layer, units, topUnits, sizePx } = options;
  findLayer(options.weights.network, layer, "layer");
  validateNetworkWeights(options.weights, layer);
  const unitCount = options.weights.layers.get(layer).outChannels;
  if (units !== void 0 && topUnits !== void 0) {
    throw new PainterlyError("INVALID_OPTION", "Expected either units or top units but received both. Pick explicit units (e.g. 0-15) or a number of the most active ones (e.g. 16).", { option: "topUnits" });
  }
  if (units !== void 0) {
    if (units.length === 0)
      throw invalidOption("at least one unit", "units", "nothing");
    const bad = units.find((unit) => !Number.isInteger(unit) || unit < 0 || unit >= unitCount);
    if (bad !== void 0)
      throw invalidOption(`unit numbers 0\u2013${unitCount - 1} (${layer} has ${unitCount} units)`, "units", bad);
  } else if (topUnits !== void 0 && (!Number.isInteger(topUnits) || topUnits < 1 || topUnits > unitCount)) {
    throw invalidOption(`a whole number from 1 to ${unitCount} (${layer} has ${unitCount} units)`, "topUnits", topUnits);
  }
  const poolings = findLayer(options.weights.network, layer).stage - 1;
  const minimumPx = 2 ** poolings;
  if (!Number.isInteger(sizePx) || sizePx < minimumPx || sizePx > MAX_SIZE_PX) {
    throw invalidOption(`a whole number of pixels from ${minimumPx} to ${MAX_SIZE_PX} (${layer} sits behind ${poolings} 2\xD72 poolings)`, "size", sizePx);
  }
  return unitCount;
}
function range(count) {
  return Array.from({ length: count }, (_, index) => index);
}
function describeUnit(entry, network, layer, paths) {
  return {
    unit: entry.unit,
    records: entry.records.map((record) => ({ ...record, image: paths[record.image], box: patchBox(network, layer, record.x, record.y) }))
  };
}

export {
  receptiveField,
  DEFAULT_RECORDS_PER_UNIT,
  NEUTRAL_RGB,
  listImageFiles,
  loadSquareImage,
  MAX_SIZE_PX,
  DEFAULT_VISUALIZE_SIZE_PX,
  visualizeFolder
};
