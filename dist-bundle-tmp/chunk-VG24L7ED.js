import {
  ACCEPTED_WEIGHTS_FILES,
  detectWeightsFormat,
  ensureModel,
  readKerasVggWeights,
  readVggWeightsFile
} from "./chunk-ZXF4SHAO.js";
import {
  foldBatchNorm,
  randomNetworkWeights,
  validateNetworkWeights
} from "./chunk-IZ6XPADM.js";
import {
  outputNotWritable,
  removeStaleTempFiles
} from "./chunk-FR6KWIII.js";
import {
  DARKNET_TINY,
  NETWORKS
} from "./chunk-YB37QKVG.js";
import {
  chainLayers,
  findLayer
} from "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  isPainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/node/output-guard.js
import fs from "node:fs/promises";
import { constants } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
async function guardOutputs(plan) {
  const inputs = await identify(plan.inputs);
  for (const output of plan.outputs) {
    await checkWritePath(output);
    const stats = await fs.stat(output.path).catch(() => void 0);
    if (stats)
      await refuseIfInput(output, stats, inputs);
  }
  if (plan.snapshots && plan.snapshots.every > 0)
    await guardSnapshots(plan.snapshots, inputs);
  await removeStaleTemps(plan);
}
function isSnapshotName(plan, name) {
  const extension = extname(plan.output);
  const stem = basename(plan.output, extension);
  if (!name.startsWith(`${stem}_`) || !name.endsWith(extension))
    return false;
  const digits = name.slice(stem.length + 1, name.length - extension.length);
  if (!/^[1-9]\d*$/.test(digits))
    return false;
  const iteration = Number(digits);
  return iteration % plan.every === 0 && iteration <= plan.iterations;
}
async function identify(files) {
  const identified = [];
  for (const file of files) {
    const stats = await fs.stat(file.path).catch(() => void 0);
    if (!stats?.isFile())
      continue;
    identified.push({ ...file, stats });
    for (const shard of await weightFilesOf(file, stats)) {
      const shardStats = await fs.stat(shard.path).catch(() => void 0);
      if (shardStats?.isFile())
        identified.push({ ...shard, stats: shardStats });
    }
  }
  return identified;
}
var MAX_MODEL_JSON_BYTES = 16 * 2 ** 20;
async function weightFilesOf(file, stats) {
  if (extname(file.path).toLowerCase() !== ".json" || stats.size > MAX_MODEL_JSON_BYTES)
    return [];
  try {
    const manifest = JSON.parse(await fs.readFile(file.path, "utf8")).weightsManifest;
    if (!Array.isArray(manifest))
      return [];
    const paths = manifest.flatMap((group) => Array.isArray(group?.paths) ? group.paths.filter((path) => typeof path === "string") : []);
    return paths.map((path) => ({ path: join(dirname(file.path), path), role: `a weight file of ${file.role} ${file.path}:` }));
  } catch {
    return [];
  }
}
async function refuseIfInput(output, stats, inputs) {
  const input = inputs.find((candidate) => candidate.stats.dev === stats.dev && candidate.stats.ino === stats.ino);
  if (!input)
    return;
  const how = await relation(output.path, input.path);
  throw new PainterlyError("INVALID_OPTION", `Refusing to write ${output.path} (${output.role}): it is ${how} ${input.role} ${input.path}, which would be lost. ${output.fix ?? "Choose another --output."} Nothing was changed.`);
}
async function relation(outputPath, inputPath) {
  if (resolve(outputPath) === resolve(inputPath))
    return "the same file as";
  const [realOutput, realInput] = await Promise.all([fs.realpath(outputPath).catch(() => ""), fs.realpath(inputPath).catch(() => "")]);
  return realOutput === realInput ? "the same file (through a symbolic link) as" : "a hard link to";
}
async function guardSnapshots(plan, inputs) {
  const dir = dirname(resolve(plan.output));
  const names = (await fs.readdir(dir).catch(() => [])).filter((name) => isSnapshotName(plan, name));
  for (const name of names) {
    const path = join(dirname(plan.output), name);
    const stats = await fs.stat(path).catch(() => void 0);
    if (!stats)
      continue;
    const snapshot = { path, role: `a --save-every snapshot of ${plan.output}`, fix: "Choose another --output, or another --save-every." };
    if (!stats.isFile())
      throw notRegularFile(snapshot, stats);
    await refuseIfInput(snapshot, stats, inputs);
  }
}
async function checkWritePath(output) {
  const { path } = output;
  const stats = await fs.stat(path).catch(() => void 0);
  if (stats && !stats.isFile())
    throw notRegularFile(output, stats);
  const directory = dirname(resolve(path));
  try {
    if (!(await fs.stat(directory)).isDirectory())
      throw Object.assign(new Error(directory), { code: "ENOTDIR" });
    await fs.access(directory, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outputNotWritable(path, error);
  }
}
function notRegularFile(output, stats) {
  const what = stats.isDirectory() ? "a directory" : "not a regular file (a named pipe, device or socket)";
  return new PainterlyError("OUTPUT_NOT_WRITABLE", `Cannot write ${output.path} (${output.role}): it is ${what}. ${output.fix ?? "Choose another --output."}`);
}
async function removeStaleTemps(plan) {
  const byDirectory = /* @__PURE__ */ new Map();
  const add = (path, belongs) => {
    const dir = dirname(resolve(path));
    byDirectory.set(dir, [...byDirectory.get(dir) ?? [], belongs]);
  };
  for (const output of plan.outputs)
    add(output.path, (name) => name === basename(resolve(output.path)));
  const snapshots = plan.snapshots;
  if (snapshots && snapshots.every > 0)
    add(snapshots.output, (name) => isSnapshotName(snapshots, name));
  for (const [dir, tests] of byDirectory)
    await removeStaleTempFiles(dir, (name) => tests.some((belongs) => belongs(name)));
}

// dist/src/node/resolve-weights.js
import { existsSync } from "node:fs";
import { join as join3 } from "node:path";

// dist/src/node/tfjs-layers-model.js
import { readFile, stat } from "node:fs/promises";
import { basename as basename2, dirname as dirname2, join as join2, resolve as resolve2 } from "node:path";

// dist/src/engine/network/tfjs-layers.js
async function readTfjsLayersWeights(model, options) {
  const { fix } = options;
  const invalid = (problem) => new PainterlyError("WEIGHTS_INVALID", `The TF.js model ${model.location} ${problem}. ${fix}`);
  const chain = parseChain(model.json, invalid);
  const network = tableOf(chain.convs, chain.poolPadding, model.folderName);
  const deepest = options.deepestLayer ?? network.layers.at(-1).name;
  const last = network.layers.indexOf(findLayer(network, deepest));
  const manifest = parseManifest(model.json, invalid);
  const needed = chain.convs.slice(0, last + 1);
  const groupBytes = await readGroups(model, manifest, needed, invalid, fix);
  const tensor = (name, shape) => {
    const weight = manifest.weights.get(name);
    if (!weight)
      throw invalid(`has no weight ${name} in its weightsManifest`);
    if (weight.shape.join(",") !== shape.join(","))
      throw invalid(`has weight ${name} of shape [${weight.shape.join(",")}], but its topology needs [${shape.join(",")}]`);
    const bytes = groupBytes.get(weight.group);
    const count = shape.reduce((product, side) => product * side, 1);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset + weight.offset, bytes.byteOffset + weight.offset + 4 * count));
  };
  const layers = /* @__PURE__ */ new Map();
  needed.forEach((conv, index) => {
    const spec = network.layers[index];
    const k = spec.kernelSize;
    const out = spec.outChannels;
    let weights = {
      kernel: tensor(`${conv.kerasName}/kernel`, [k, k, spec.inChannels, out]),
      bias: conv.useBias ? tensor(`${conv.kerasName}/bias`, [out]) : new Float32Array(out),
      inChannels: spec.inChannels,
      outChannels: out,
      kernelSize: k
    };
    if (conv.norm) {
      const { kerasName, epsilon, center, scale } = conv.norm;
      const parameters = {
        gamma: scale ? tensor(`${kerasName}/gamma`, [out]) : new Float32Array(out).fill(1),
        beta: center ? tensor(`${kerasName}/beta`, [out]) : new Float32Array(out),
        mean: tensor(`${kerasName}/moving_mean`, [out]),
        variance: tensor(`${kerasName}/moving_variance`, [out]),
        epsilon
      };
      weights = foldBatchNorm(weights, parameters);
    }
    layers.set(spec.name, weights);
  });
  const result = { network, layers, source: `tfjs:${model.location}`, pretrained: true };
  validateNetworkWeights(result, deepest, fix);
  return result;
}
var HEAD_LAYERS = /* @__PURE__ */ new Set(["GlobalAveragePooling2D", "GlobalMaxPooling2D", "Flatten", "Dense", "Softmax", "Dropout", "Reshape"]);
function parseChain(json, invalid) {
  const topology = json.modelTopology;
  const modelConfig = topology?.model_config ?? topology;
  const config = modelConfig?.config;
  const layerList = Array.isArray(config) ? config : config?.layers;
  if (!Array.isArray(layerList))
    throw invalid("has no modelTopology.model_config layer list (is it a TF.js *layers* model?)");
  const convs = [];
  let pooledBefore = false;
  let poolPadding;
  const current = () => convs.at(-1);
  for (const layer of layerList) {
    const kind = String(layer.class_name);
    const name = String(layer.name ?? layer.config?.name ?? kind);
    const c = layer.config ?? {};
    const setActivation = (activation) => {
      const conv = current();
      if (!conv || pooledBefore || conv.spec.activation.kind !== "none")
        throw invalid(`has an activation ${name} that does not follow a convolution`);
      conv.spec = { ...conv.spec, activation };
    };
    if (kind === "InputLayer")
      continue;
    if (HEAD_LAYERS.has(kind) || kind === "Activation" && c.activation === "softmax")
      break;
    if (kind === "Conv2D") {
      const [kh, kw] = c.kernel_size;
      const strides = c.strides ?? [1, 1];
      const dilation = c.dilation_rate ?? [1, 1];
      if (kh !== kw || kh % 2 !== 1 || strides.some((s) => s !== 1) || dilation.some((d) => d !== 1) || c.padding !== "same" && kh !== 1) {
        throw invalid(`has convolution ${name} (kernel ${kh}\xD7${kw}, strides ${strides.join("\xD7")}, dilation ${dilation.join("\xD7")}, padding ${String(c.padding)}); Painterly runs odd square kernels with stride 1, no dilation and same padding`);
      }
      if (c.data_format !== void 0 && c.data_format !== "channels_last")
        throw invalid(`has convolution ${name} in ${String(c.data_format)} layout; only channels_last is supported`);
      const activation = c.activation === "relu" ? { kind: "relu" } : c.activation === "linear" || c.activation === void 0 ? { kind: "none" } : void 0;
      if (!activation)
        throw invalid(`has convolution ${name} with activation ${String(c.activation)}; supported: linear, relu (or a LeakyReLU/ReLU layer after it)`);
      convs.push({ spec: { name: `conv${convs.length + 1}`, kernelSize: kh, outChannels: Number(c.filters), activation, pooledBefore }, kerasName: name, useBias: c.use_bias !== false });
      pooledBefore = false;
      continue;
    }
    if (kind === "BatchNormalization") {
      const conv = current();
      const axis = c.axis === void 0 ? -1 : Array.isArray(c.axis) ? c.axis[0] : c.axis;
      if (!conv || pooledBefore || conv.norm || conv.spec.activation.kind !== "none")
        throw invalid(`has a BatchNormalization ${name} that does not directly follow a convolution`);
      if (axis !== -1 && axis !== 3)
        throw invalid(`has a BatchNormalization ${name} over axis ${String(axis)}; only the channel axis (-1) is supported`);
      conv.norm = { kerasName: name, epsilon: Number(c.epsilon ?? 1e-3), center: c.center !== false, scale: c.scale !== false };
      continue;
    }
    if (kind === "LeakyReLU") {
      setActivation({ kind: "leaky-relu", alpha: Number(Number(c.alpha ?? 0.3).toPrecision(6)) });
      continue;
    }
    if (kind === "ReLU" || kind === "Activation" && c.activation === "relu") {
      setActivation({ kind: "relu" });
      continue;
    }
    if (kind === "Activation" && c.activation === "linear")
      continue;
    if (kind === "MaxPooling2D" || kind === "AveragePooling2D") {
      const size = c.pool_size ?? [2, 2];
      const strides = c.strides ?? size;
      if (size.some((s) => s !== 2) || strides.some((s) => s !== 2) || pooledBefore || !current()) {
        throw invalid(`has pooling ${name} (${size.join("\xD7")}, strides ${strides.join("\xD7")}); Painterly runs 2\xD72 stride-2 pooling between convolutions`);
      }
      const padding = c.padding === "same" ? "same" : "floor";
      if (poolPadding && poolPadding !== padding)
        throw invalid("mixes same and valid pooling; Painterly needs one kind");
      poolPadding = padding;
      pooledBefore = true;
      continue;
    }
    throw invalid(`has a layer ${name} of kind ${kind}, which Painterly cannot run (supported: Conv2D, BatchNormalization, LeakyReLU, ReLU, MaxPooling2D, AveragePooling2D, then a classifier head)`);
  }
  if (convs.length === 0)
    throw invalid("has no convolutions");
  return { convs, poolPadding: poolPadding ?? "floor" };
}
function tableOf(convs, poolPadding, folderName) {
  const layers = chainLayers(convs.map((conv) => conv.spec));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (poolPadding === DARKNET_TINY.poolPadding && same(layers, DARKNET_TINY.layers))
    return DARKNET_TINY;
  return {
    id: "tfjs-layers",
    displayName: `TF.js model ${folderName}`,
    layers,
    // TF.js image models (ml5's among them) take RGB scaled to 0–1.
    preprocessing: DARKNET_TINY.preprocessing,
    poolPadding
  };
}
function parseManifest(json, invalid) {
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest))
    throw invalid("has no weightsManifest list");
  const weights = /* @__PURE__ */ new Map();
  const groups = [];
  const groupSizes = [];
  manifest.forEach((group, index) => {
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights))
      throw invalid(`has weightsManifest group ${index + 1} without paths and weights`);
    let offset = 0;
    for (const weight of group.weights) {
      if (weight.dtype !== "float32")
        throw invalid(`has weight ${weight.name} of dtype ${weight.dtype}; only float32 is supported`);
      weights.set(weight.name, { group: index, offset, shape: weight.shape });
      offset += 4 * weight.shape.reduce((product, side) => product * side, 1);
    }
    groups.push(group.paths.map(String));
    groupSizes.push(offset);
  });
  return { groups, groupSizes, weights };
}
async function readGroups(model, manifest, convs, invalid, fix) {
  const prefixes = convs.flatMap((conv) => [`${conv.kerasName}/`, ...conv.norm ? [`${conv.norm.kerasName}/`] : []]);
  const needed = new Set([...manifest.weights].filter(([name]) => prefixes.some((prefix) => name.startsWith(prefix))).map(([, weight]) => weight.group));
  const result = /* @__PURE__ */ new Map();
  for (const group of needed) {
    const parts = [];
    for (const shard of manifest.groups[group]) {
      const bytes2 = await model.readShard(shard);
      if (!bytes2)
        throw new PainterlyError("WEIGHTS_NOT_FOUND", `The TF.js model ${model.location} lists the shard ${shard}, but ${model.locateShard(shard)} is missing. ${fix}`);
      parts.push(bytes2);
    }
    const bytes = concatBytes(parts);
    if (bytes.length < manifest.groupSizes[group]) {
      throw invalid(`has a truncated shard ${manifest.groups[group].join(", ")}: ${bytes.length} bytes where its weights need ${manifest.groupSizes[group]}`);
    }
    result.set(group, bytes);
  }
  return result;
}
function concatBytes(parts) {
  if (parts.length === 1)
    return parts[0];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

// dist/src/node/tfjs-layers-model.js
var DEFAULT_FIX = "Pass the model.json of a TF.js layers model whose shard files sit next to it, or use --network darknet-tiny.";
async function readTfjsLayersModel(path, options = {}) {
  const modelPath = resolve2(path);
  const fix = options.fix ?? DEFAULT_FIX;
  const json = await readModelJson(modelPath, fix);
  const shardPath = (shard) => join2(dirname2(modelPath), shard);
  return readTfjsLayersWeights({
    json,
    location: modelPath,
    folderName: basename2(dirname2(modelPath)),
    locateShard: shardPath,
    readShard: async (shard) => {
      const info = await stat(shardPath(shard)).catch(() => void 0);
      if (!info?.isFile())
        return void 0;
      const bytes = await readFile(shardPath(shard));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }
  }, { deepestLayer: options.deepestLayer, fix });
}
async function readModelJson(modelPath, fix) {
  const text = await readFile(modelPath, "utf8").catch((error) => {
    throw new PainterlyError("WEIGHTS_NOT_FOUND", `No TF.js model at ${modelPath} (${error.code ?? error.message}). ${fix}`, { cause: error });
  });
  try {
    const json = JSON.parse(text);
    if (json && typeof json === "object" && !Array.isArray(json))
      return json;
  } catch (error) {
    throw new PainterlyError("WEIGHTS_INVALID", `The TF.js model ${modelPath} is not valid JSON (${error.message}). ${fix}`, { cause: error });
  }
  throw new PainterlyError("WEIGHTS_INVALID", `The TF.js model ${modelPath} is not a JSON object. ${fix}`);
}

// dist/src/node/resolve-weights.js
async function resolveNetworkWeights(choice, deepestLayer, options = {}) {
  const weights = await loadWeights(choice, deepestLayer, options);
  findLayer(weights.network, deepestLayer, "layers");
  validateNetworkWeights(weights, deepestLayer, fixFor(choice));
  return weights;
}
async function loadWeights(choice, deepestLayer, options) {
  if (choice.kind === "random")
    return randomNetworkWeights(NETWORKS[choice.family].table, choice.seed, deepestLayer);
  if (choice.kind === "file") {
    if (!existsSync(choice.path)) {
      throw new PainterlyError("WEIGHTS_NOT_FOUND", `The network file ${choice.path} does not exist. Pass the path of ${ACCEPTED_WEIGHTS_FILES}, or choose \`network=darknet-tiny\` or \`network=vgg19\` (after \`painterly models download vgg19\`), or untrained weights: \`weights=random\`.`, { option: "network" });
    }
    const format = await detectWeightsFormat(choice.path);
    if (format === "tfjs-layers" !== (choice.format === "tfjs-layers")) {
      throw new PainterlyError("WEIGHTS_INVALID", `The file ${choice.path} ${format === "tfjs-layers" ? "is a TF.js model.json: name it *.json" : "is named like a TF.js model.json but is a weights file: rename it so its name does not end in .json"}.`);
    }
    if (format === "tfjs-layers" || choice.format === "tfjs-layers")
      return readTfjsLayersModel(choice.path, { deepestLayer });
    return readVggWeightsFile(choice.path, { format, preprocessing: choice.preprocessing });
  }
  if (choice.family === "darknet-tiny") {
    const dir = await ensureModel("darknet-tiny", { onProgress: options.onProgress });
    return readTfjsLayersModel(join3(dir, "model.json"), { deepestLayer, fix: fixFor(choice) });
  }
  const variant = choice.family;
  const path = await ensureModel(variant, { offline: true }).catch((error) => {
    if (!isPainterlyError(error) || error.code !== "WEIGHTS_NOT_FOUND")
      throw error;
    throw new PainterlyError("WEIGHTS_NOT_FOUND", `The ${variant === "vgg16" ? "VGG16 weights are not downloaded yet. Fetch them (59 MB" : "VGG19 weights are not downloaded yet. Fetch them (80 MB"}, once) with:
  painterly models download ${variant}
or paint now with real ImageNet features from the 4 MB Darknet Tiny network: \`network=darknet-tiny\`
(or try untrained weights: \`weights=random\`)`, { option: "network" });
  });
  return readKerasVggWeights(path, { variant });
}
function fixFor(choice) {
  if (choice.kind === "store")
    return `Re-download them with \`painterly models download ${choice.family} --force\`.`;
  if (choice.kind === "file")
    return "Check the file, or choose `network=vgg19` or `network=darknet-tiny` from the model store.";
  return "This is a bug: please report it.";
}

export {
  guardOutputs,
  resolveNetworkWeights
};
