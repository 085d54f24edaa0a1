import {
  readCheckpoint,
  runFingerprint,
  withNetworkIdentity,
  writeCheckpoint
} from "./chunk-BVQ6QT43.js";
import {
  resolveNetworkWeights
} from "./chunk-VG24L7ED.js";
import {
  ensureModel
} from "./chunk-ZXF4SHAO.js";
import {
  openOrtRuntime
} from "./chunk-LLJ2YMLV.js";
import {
  readImage,
  resizeImage
} from "./chunk-SXACJSYC.js";
import {
  memoryModelsFor,
  planEvaluation,
  runGatysScales,
  upsampleImage
} from "./chunk-UWTGW7CW.js";
import {
  FAST_STYLE_LAYERS,
  blendStrength,
  expectedFastTensors,
  fastTensorName,
  parsePresetOptions,
  stylizeFast
} from "./chunk-YGESDE6G.js";
import {
  FAST_STYLE_PRESETS,
  MODEL_REGISTRY
} from "./chunk-CD6T25GO.js";
import {
  assertSameSize,
  fitLongSide,
  networkEntryOf,
  parseStylizeOptions,
  planScales
} from "./chunk-RLZ7CLXZ.js";
import {
  deepestLayer,
  minimumShortSide
} from "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  throwIfAborted
} from "./chunk-ELBWPZQG.js";

// dist/src/node/stylize.js
import { totalmem } from "node:os";

// dist/src/engine/color.js
var BT601_LUMA = { red: 0.299, green: 0.587, blue: 0.114 };
function transferLuminance(stylized, content) {
  assertSameSize(stylized, content, "the stylized image and the content image");
  const planeSize = content.width * content.height;
  const output = new Float32Array(3 * planeSize);
  for (let pixel = 0; pixel < planeSize; pixel += 1) {
    const lumaShift = luma(stylized.data, pixel, planeSize) - luma(content.data, pixel, planeSize);
    for (let channel = 0; channel < 3; channel += 1) {
      const index = channel * planeSize + pixel;
      output[index] = clamp255(content.data[index] + lumaShift);
    }
  }
  return { width: content.width, height: content.height, data: output };
}
function luma(planar, pixel, planeSize) {
  return BT601_LUMA.red * planar[pixel] + BT601_LUMA.green * planar[planeSize + pixel] + BT601_LUMA.blue * planar[2 * planeSize + pixel];
}
function clamp255(value) {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

// dist/src/engine/finish.js
function finishStylized(painted, photo, options) {
  const mixed = blendStrength(painted, photo, options.strength);
  return options.originalColors ? transferLuminance(mixed, photo) : mixed;
}

// dist/src/engine/gatys/plan-stylization.js
function planStylization(network, contentSize, styleSizes, request) {
  const deepest = deepestLayer(network, [...request.contentLayers, ...request.styleLayers]);
  const minShortSide = minimumShortSide(network, deepest.name);
  const pools = deepest.stage - 1;
  const assertLargeEnough = (size, what) => {
    if (Math.min(size.width, size.height) >= minShortSide)
      return;
    throw new PainterlyError("INVALID_OPTION", `Expected at least ${minShortSide} px on the short side of ${what} (layer ${deepest.name} of ${network.displayName} sits behind ${pools} poolings) but received ${size.width}\xD7${size.height}. Use a larger size or a less elongated image.`);
  };
  const outputSize = fitLongSide(contentSize.width, contentSize.height, request.size);
  assertLargeEnough(outputSize, "the output (size)");
  const styleSizeAt = (style, longSide) => styleWorkingSize(style, longSide, request.styleScale, minShortSide);
  styleSizes.forEach((style, index) => assertLargeEnough(styleSizeAt(style, request.size), `style image ${index + 1} (size \xD7 style scale)`));
  const scales = planScales({ ...outputSize, iterations: request.iterations, mode: request.scales, minScale: request.minScale, minShortSide });
  const tvWeight = request.tvSumWeight === void 0 ? request.tvWeight : 1.5 * request.tvSumWeight * outputSize.width * outputSize.height;
  const settings = gatysSettings({ ...request, tvWeight }, scales.length > 1);
  const evaluation = planEvaluation(outputSize.width, outputSize.height, settings.maxMemoryBytes, memoryModelsFor(network, deepest.name));
  if (evaluation.tile && request.styleLoss === "w2") {
    throw new PainterlyError("INVALID_OPTION", `Expected a size whose whole image fits the memory budget for the w2 style loss (it is not computed in tiles yet) but received ${outputSize.width}\xD7${outputSize.height}. Raise the memory budget, lower the size, or use the gram style loss.`, { option: "styleLoss" });
  }
  return { outputSize, scales, settings, deepestLayer: deepest.name, styleSizeAt };
}
function styleWorkingSize(style, longSide, styleScale, minShortSide) {
  const { width, height } = style;
  const ownLong = Math.max(width, height);
  const wanted = styleScale === void 0 ? Math.min(longSide, ownLong) : Math.max(16, Math.round(longSide * styleScale));
  const size = fitLongSide(width, height, wanted);
  const shortSide = Math.min(size.width, size.height);
  if (shortSide >= minShortSide || shortSide >= Math.min(width, height))
    return size;
  return fitLongSide(width, height, Math.ceil(wanted * minShortSide / shortSide));
}
function gatysSettings(request, multiScale) {
  const layerWeights = request.styleLayerWeights ?? request.styleLayers.map(() => 1 / request.styleLayers.length);
  return {
    iterations: request.iterations,
    costWeights: { content: request.contentWeight, style: request.styleWeight, totalVariation: request.tvWeight },
    selection: {
      contentLayers: request.contentLayers,
      styleLayers: request.styleLayers.map((layer, index) => ({ layer, weight: layerWeights[index] })),
      pooling: request.pooling
    },
    styleLoss: request.styleLoss,
    styleBalance: request.styleBalance,
    init: request.init,
    noiseRatio: request.noiseRatio,
    seed: request.seed,
    optimizer: request.optimizer,
    learningRate: request.learningRate,
    snapshotEvery: request.saveEvery,
    averageIterates: multiScale,
    maxMemoryBytes: request.maxMemoryBytes,
    checkpointEvery: request.checkpointing ? request.checkpointEvery : 0
  };
}

// dist/src/node/stylize.js
async function stylize(input, hooks = {}) {
  const options = parseStylizeOptions(input);
  throwIfAborted(hooks.signal);
  const run = await prepareStylization(options, {}, hooks.onNotice);
  const checkpointPath = options.checkpoint;
  const fingerprint = checkpointPath ? withNetworkIdentity(await runFingerprint(options), run.weights) : "";
  const resume = checkpointPath && options.resume ? await readCheckpoint(checkpointPath, fingerprint) : void 0;
  const onCheckpoint = checkpointPath ? (checkpoint) => writeCheckpoint(checkpointPath, fingerprint, checkpoint) : void 0;
  const result = await runGatysScales({ runtime: run.runtime, weights: run.weights, scales: run.scales, source: run.imagesAt, settings: run.settings }, { ...engineHooks(hooks, run.finish), onCheckpoint }, resume);
  return run.finish(result);
}
async function prepareStylization(options, loading = {}, onNotice) {
  const network = networkEntryOf(options.networkChoice).table;
  const content = await readImage(options.content, { maxPixels: options.maxPixels, targetLongSidePx: options.size });
  const styles = [];
  for (const path of options.styles)
    styles.push(await readImage(path, { maxPixels: options.maxPixels, targetLongSidePx: Math.ceil(options.size * (options.styleScale ?? 1)) }));
  const initImage = options.initImage ? await readImage(options.initImage, { maxPixels: options.maxPixels, targetLongSidePx: options.size }) : void 0;
  const fileNetwork = options.networkChoice.kind === "file" && options.networkChoice.format === "tfjs-layers";
  const planOn = (table) => planStylization(table, content.rgb, styles.map((style) => style.rgb), planRequest(options));
  const early = fileNetwork ? void 0 : planOn(network);
  const weights = await resolveNetworkWeights(options.networkChoice, early?.deepestLayer ?? deepestOf(options), loading);
  const planned = early ?? planOn(weights.network);
  const { outputSize, scales, settings, styleSizeAt } = planned;
  const workingContent = await resizeImage(content, outputSize.width, outputSize.height);
  const blend = options.styleBlendWeights ?? options.styles.map(() => 1);
  const runtime = await openOrtRuntime({ device: options.device, threads: options.threads, onNotice });
  const finish = (image) => {
    const full = image.width === outputSize.width && image.height === outputSize.height ? image : upsampleImage(image, outputSize.width, outputSize.height);
    const rgb = finishStylized(full, workingContent.rgb, { strength: options.strength, originalColors: options.originalColors });
    return workingContent.alpha ? { rgb, alpha: workingContent.alpha } : { rgb };
  };
  const atScale = async (image, size) => image.rgb.width === size.width && image.rgb.height === size.height ? image.rgb : (await resizeImage(image, size.width, size.height)).rgb;
  const imagesAt = async (scale, index) => {
    const longSide = Math.max(scale.width, scale.height);
    return {
      content: await atScale(workingContent, scale),
      styles: await Promise.all(styles.map(async (style, k) => ({ image: await atScale(style, styleSizeAt(style.rgb, longSide)), weight: blend[k] }))),
      initImage: initImage && index === 0 ? await atScale(initImage, scale) : void 0
    };
  };
  return { outputSize, scales, settings, weights, runtime, imagesAt, finish };
}
function planRequest(options) {
  return { ...options, checkpointing: options.checkpoint !== void 0, maxMemoryBytes: options.maxMemory ?? defaultMaxMemoryBytes() };
}
function deepestOf(options) {
  const layers = [...options.contentLayers, ...options.styleLayers];
  return layers.reduce((deepest, layer) => layerNumber(layer) > layerNumber(deepest) ? layer : deepest);
}
function layerNumber(layer) {
  return Number(/(\d+)$/.exec(layer)?.[1] ?? 0);
}
function engineHooks(hooks, finish) {
  const { onProgress, signal } = hooks;
  if (!onProgress)
    return { signal };
  return {
    signal,
    onProgress: (event) => {
      if (event.type !== "snapshot")
        return onProgress(event);
      const { rgb, alpha } = finish(event.image);
      onProgress({ ...event, image: rgb, ...alpha ? { alpha } : {} });
    }
  };
}
function defaultMaxMemoryBytes() {
  return Math.min(4 * 2 ** 30, totalmem() / 2);
}

// dist/src/node/fast-checkpoint.js
import fs from "node:fs/promises";
import { basename, join } from "node:path";

// dist/src/engine/fast/checkpoint.js
var SAFE_FILENAME = /^(?!\.\.?$)[A-Za-z0-9_.-]+$/;
function parseFastStyleManifest(manifestJson, source) {
  if (!isRecord(manifestJson))
    throw invalid(source, "manifest.json is not a JSON object");
  return expectedFastTensors().map(({ name, shape }) => {
    const entry = manifestJson[name];
    if (entry === void 0)
      throw invalid(source, `tensor ${name} is missing from manifest.json`);
    if (!isRecord(entry) || typeof entry.filename !== "string" || !isShape(entry.shape)) {
      throw invalid(source, `tensor ${name} in manifest.json needs a "filename" string and a "shape" array of positive integers`);
    }
    if (!SAFE_FILENAME.test(entry.filename))
      throw invalid(source, `tensor ${name} has an unsafe file name ${JSON.stringify(entry.filename)}`);
    assertShape(source, name, shape, entry.shape);
    return { name, filename: entry.filename, shape };
  });
}
function createFastStyleCheckpoint(tensors, source) {
  const values = /* @__PURE__ */ new Map();
  for (const { name, shape } of expectedFastTensors()) {
    const tensor = tensors.get(name);
    if (!tensor)
      throw invalid(source, `tensor ${name} is missing`);
    assertShape(source, name, shape, tensor.shape);
    assertLength(source, name, shape, tensor.data);
    values.set(name, tensor.data);
  }
  const layers = FAST_STYLE_LAYERS.map((spec) => ({
    spec,
    filter: values.get(fastTensorName(3 * spec.index)),
    shift: values.get(fastTensorName(3 * spec.index + 1)),
    scale: values.get(fastTensorName(3 * spec.index + 2))
  }));
  return { layers, source };
}
async function parseFastStyleCheckpoint(manifestJson, readTensor, source) {
  const tensors = /* @__PURE__ */ new Map();
  for (const entry of parseFastStyleManifest(manifestJson, source)) {
    tensors.set(entry.name, { data: await readTensor(entry), shape: entry.shape });
  }
  return createFastStyleCheckpoint(tensors, source);
}
function shapeSize(shape) {
  return shape.reduce((product, dim) => product * dim, 1);
}
function assertShape(source, name, expected, actual) {
  if (expected.length !== actual.length || expected.some((dim, axis) => dim !== actual[axis])) {
    throw invalid(source, `expected shape [${expected.join(",")}] for tensor ${name} but received [${actual.join(",")}]`);
  }
}
function assertLength(source, name, shape, data) {
  const expected = shapeSize(shape);
  if (data.length !== expected) {
    throw invalid(source, `expected ${expected} values (shape [${shape.join(",")}]) for tensor ${name} but received ${data.length}`);
  }
}
function invalid(source, detail) {
  return new PainterlyError("WEIGHTS_INVALID", `The fast-style weights at ${source} are not usable: ${detail}. Delete them and download the preset again.`);
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isShape(value) {
  return Array.isArray(value) && value.every((dim) => Number.isInteger(dim) && dim > 0);
}

// dist/src/engine/fast/tensor-bytes.js
function floatsFromTensorBytes(bytes, entry, origin) {
  const expectedBytes = 4 * shapeSize(entry.shape);
  if (bytes.byteLength !== expectedBytes) {
    throw new PainterlyError("WEIGHTS_INVALID", `Expected ${expectedBytes} bytes (float32 \xD7 [${entry.shape.join(",")}]) for tensor ${entry.name} but received ${bytes.byteLength} in ${origin.location}. ${origin.lengthFix}`);
  }
  const floats = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(floats.buffer).set(bytes);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < floats.length; i++) {
    if (!Number.isFinite(floats[i])) {
      bad += 1;
      if (first < 0)
        first = i;
    }
  }
  if (bad === 0)
    return floats;
  throw new PainterlyError("WEIGHTS_INVALID", `Tensor ${entry.name} of the fast-style weights at ${origin.source} is damaged: ${bad} of ${floats.length} values in ${origin.location} are NaN or infinite (the first at index ${first} is ${floats[first]}), so the weights were not used. ${origin.damagedFix}`);
}

// dist/src/node/fast-checkpoint.js
var FAST_STYLE_PRESET_NAMES = new Set(FAST_STYLE_PRESETS);
var FAST_MANIFEST_FILE = "manifest.json";
async function readFastStyleCheckpoint(dir) {
  const manifestPath = join(dir, FAST_MANIFEST_FILE);
  const text = await fs.readFile(manifestPath, "utf8").catch((error) => {
    throw new PainterlyError("WEIGHTS_NOT_FOUND", `No fast-style weights at ${dir} (${FAST_MANIFEST_FILE} is missing). Download the preset first.`, { cause: error });
  });
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new PainterlyError("WEIGHTS_INVALID", `${manifestPath} is not valid JSON. Delete the preset and download it again.`, { cause: error });
  }
  return parseFastStyleCheckpoint(manifest, (entry) => readTensorFile(dir, entry), dir);
}
async function readTensorFile(dir, entry) {
  const path = join(dir, entry.filename);
  const bytes = await fs.readFile(path).catch((error) => {
    throw new PainterlyError("WEIGHTS_INVALID", `Tensor ${entry.name} of the fast-style weights at ${dir} is missing (${path}). Delete the preset and download it again.`, { cause: error });
  });
  return floatsFromTensorBytes(bytes, entry, { location: path, source: dir, lengthFix: "Delete the preset and download it again.", damagedFix: damagedFix(dir) });
}
function damagedFix(dir) {
  const preset = basename(dir);
  return FAST_STYLE_PRESET_NAMES.has(preset) ? `Download the preset again with \`painterly models download ${preset} --force\`.` : "Replace the file with an intact copy of the weights.";
}

// dist/src/node/stylize-preset.js
async function stylizeWithPreset(input, hooks = {}) {
  const options = parsePresetOptions(input);
  assertPreset(options.model);
  const content = await readImage(options.content, { maxPixels: options.maxPixels, targetLongSidePx: options.size });
  const size = options.size ? fitLongSide(content.rgb.width, content.rgb.height, options.size) : { width: content.rgb.width, height: content.rgb.height };
  const working = size.width === content.rgb.width && size.height === content.rgb.height ? content : await resizeImage(content, size.width, size.height);
  const directory = await ensureModel(options.model, { signal: hooks.signal, onProgress: hooks.onProgress });
  const checkpoint = await readFastStyleCheckpoint(directory);
  const runtime = await openOrtRuntime({ device: options.device, threads: options.threads, onNotice: hooks.onNotice });
  hooks.onProgress?.({ type: "load", model: options.model, width: size.width, height: size.height, provider: runtime.provider });
  const stylized = await stylizeFast(runtime, checkpoint, working.rgb, {
    tileSizePx: options.tileSize,
    onProgress: hooks.onProgress,
    signal: hooks.signal
  });
  const rgb = finishStylized(stylized, working.rgb, { strength: options.strength, originalColors: options.originalColors });
  return working.alpha ? { rgb, alpha: working.alpha } : { rgb };
}
function assertPreset(name) {
  const entry = MODEL_REGISTRY.find((candidate) => candidate.name === name);
  if (entry?.kind === "fast-style")
    return;
  const presets = `Presets: ${FAST_STYLE_PRESETS.join(", ")}.`;
  throw new PainterlyError("INVALID_OPTION", entry ? `${name} is not a fast-style preset. ${presets} For the quality engine use --style IMAGE instead of --model.` : `Unknown model "${name}". ${presets} \`painterly models list\` describes them.`);
}

export {
  finishStylized,
  planStylization,
  stylize,
  defaultMaxMemoryBytes,
  readFastStyleCheckpoint,
  stylizeWithPreset,
  assertPreset
};
