import {
  vggWeightsFromConvs
} from "./chunk-5I24BNVP.js";
import {
  validateNetworkWeights
} from "./chunk-IZ6XPADM.js";
import {
  tempPathFor,
  writeFileAtomic
} from "./chunk-FR6KWIII.js";
import {
  MODEL_REGISTRY,
  findModel,
  modelBytes
} from "./chunk-CD6T25GO.js";
import {
  PREPROCESSING_NAMES,
  PREPROCESSING_SUMMARIES,
  isNetworkId,
  withPreprocessing
} from "./chunk-YB37QKVG.js";
import {
  VGG19_BLOCK_WIDTHS,
  VGG19_CONV_LAYERS,
  vggTable
} from "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  invalidOption,
  isPainterlyError,
  throwIfAborted
} from "./chunk-ELBWPZQG.js";

// dist/src/node/model-store/cache-dir.js
import { homedir } from "node:os";
import { isAbsolute, join, resolve as resolve2 } from "node:path";

// dist/src/node/model-store/writable-dir.js
import { constants } from "node:fs";
import { access, mkdir, readlink, realpath, stat, statfs } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
var PSEUDO_ROOTS = ["/proc", "/sys"];
var PSEUDO_FS_TYPES = /* @__PURE__ */ new Set([
  40864,
  1650812274,
  2613483,
  1667723888,
  1684170528
  /* debugfs */
]);
function isBelow(path, root) {
  return path === root || path.startsWith(root + sep);
}
function refuse(label, problem, cause) {
  return new PainterlyError("OUTPUT_NOT_WRITABLE", `${label.name} cannot be used: ${problem}. ${label.fix}`, { cause });
}
async function nearestExisting(dir) {
  for (let path = dir; ; path = dirname(path)) {
    const info = await stat(path).catch((error) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR")
        return void 0;
      throw error;
    });
    if (info)
      return { path, isDirectory: info.isDirectory() };
    const link = await readlink(path).catch(() => void 0);
    if (link !== void 0)
      return { path, isDirectory: false, danglingTo: resolve(dirname(path), link) };
    if (dirname(path) === path)
      return { path, isDirectory: true };
  }
}
async function prepareWritableDir(dir, label, options = {}) {
  const absolute = resolve(dir);
  const lexicalRoot = PSEUDO_ROOTS.find((root) => isBelow(absolute, root));
  if (lexicalRoot)
    throw refuse(label, `it is inside ${lexicalRoot}, a kernel filesystem`);
  let existing;
  try {
    existing = await nearestExisting(absolute);
  } catch (error) {
    throw refuse(label, `${absolute} cannot be inspected (${error.code ?? String(error)})`, error);
  }
  if (existing.danglingTo !== void 0) {
    throw refuse(label, `${existing.path} is a symbolic link to ${existing.danglingTo}, which does not exist (create that folder, or point the link at one that exists)`);
  }
  if (!existing.isDirectory) {
    throw refuse(label, existing.path === absolute ? `${absolute} is a file, not a folder` : `${existing.path} is a file, so nothing can be created below it`);
  }
  const real = await realpath(existing.path).catch(() => existing.path);
  const realRoot = PSEUDO_ROOTS.find((root) => isBelow(real, root));
  if (realRoot)
    throw refuse(label, `${existing.path} leads into ${realRoot} (${real}), a kernel filesystem`);
  const fsType = await statfs(real).then((info) => info.type, () => void 0);
  if (fsType !== void 0 && PSEUDO_FS_TYPES.has(fsType))
    throw refuse(label, `${real} is on a kernel pseudo-filesystem`);
  try {
    await access(real, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = error.code;
    const problem = code === "EROFS" ? `${real} is on a read-only filesystem` : `${real} is not writable for this user (${code ?? "access denied"})`;
    throw refuse(label, problem, error);
  }
  const mode = await stat(real).then((info) => info.mode, () => 511);
  if ((mode & 146) === 0)
    throw refuse(label, `${real} is read-only (permissions ${(mode & 511).toString(8)})`);
  if (existing.path === absolute || options.create === false)
    return;
  await mkdir(absolute, { recursive: true }).catch((error) => {
    const problem = error.code === "EROFS" ? `${absolute} is on a read-only filesystem` : `${absolute} could not be created (${error.code ?? error.message})`;
    throw refuse(label, problem, error);
  });
}

// dist/src/node/model-store/cache-dir.js
function cacheRoot(env = process.env, home = homedir()) {
  const painterlyHome = env.PAINTERLY_HOME;
  if (painterlyHome)
    return resolve2(painterlyHome);
  const xdgCacheHome = env.XDG_CACHE_HOME;
  if (xdgCacheHome && isAbsolute(xdgCacheHome))
    return join(xdgCacheHome, "painterly");
  return join(home, ".cache", "painterly");
}
function modelDir(entry, env = process.env) {
  return join(cacheRoot(env), "models", ...entry.relativeDir.split("/"));
}
function modelFilePath(entry, fileName, env = process.env) {
  return join(modelDir(entry, env), fileName);
}
function cacheRootLabel(env = process.env) {
  if (env.PAINTERLY_HOME)
    return `PAINTERLY_HOME=${env.PAINTERLY_HOME}`;
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME))
    return `The cache folder ${cacheRoot(env)} (from XDG_CACHE_HOME)`;
  return `The cache folder ${cacheRoot(env)}`;
}
function cacheRootDirLabel(env) {
  return {
    name: cacheRootLabel(env),
    fix: "Set PAINTERLY_HOME to a writable folder on a normal disk (e.g. PAINTERLY_HOME=$HOME/.cache/painterly) and run the command again."
  };
}
async function cacheRootProblem(env = process.env) {
  return prepareWritableDir(cacheRoot(env), cacheRootDirLabel(env), { create: false }).then(() => void 0, (error) => error instanceof Error ? error.message : String(error));
}
var checkedRoots = /* @__PURE__ */ new Map();
function prepareCacheRoot(env = process.env) {
  const root = cacheRoot(env);
  if (checkedRoots.has(root))
    return checkedRoots.get(root);
  let checked = checkedRoots.get(root);
  if (!checked) {
    checked = prepareWritableDir(root, cacheRootDirLabel(env));
    checkedRoots.set(root, checked);
    checked.catch(() => checkedRoots.delete(root));
  }
  return checked;
}
async function prepareModelFolders(folders, env = process.env) {
  await prepareCacheRoot(env);
  const label = cacheRootDirLabel(env);
  for (const folder of folders) {
    await prepareWritableDir(folder, { name: `${label.name} (its folder ${folder})`, fix: `${label.fix} Or replace ${folder} (or the link above it) with a plain folder.` });
  }
}

// dist/src/node/model-store/mirror.js
import { join as join2, resolve as resolve3 } from "node:path";
import { fileURLToPath } from "node:url";
var MODEL_MIRROR_ENV = "PAINTERLY_MODEL_MIRROR";
function modelMirror(env = process.env) {
  const mirror = env[MODEL_MIRROR_ENV]?.trim();
  return mirror ? mirror : void 0;
}
function fileSource(entry, file, env = process.env) {
  const mirror = modelMirror(env);
  if (mirror === void 0)
    return file.url;
  if (/^https?:\/\//i.test(mirror)) {
    const segments = [...entry.relativeDir.split("/"), file.name].map(encodeURIComponent);
    return `${mirror.replace(/\/+$/, "")}/${segments.join("/")}`;
  }
  const directory = mirror.startsWith("file:") ? fileURLToPath(mirror) : resolve3(mirror);
  return join2(directory, ...entry.relativeDir.split("/"), file.name);
}

// dist/src/node/weights-file/detect-format.js
import { open } from "node:fs/promises";

// dist/src/node/h5-library.js
var loaded;
async function loadH5() {
  if (!loaded) {
    const module = await import("h5wasm/node");
    await module.default.ready;
    loaded = module.default;
  }
  return loaded;
}
function h5() {
  if (!loaded)
    throw new Error("h5wasm is used before loadH5() resolved");
  return loaded;
}

// dist/src/node/weights-file/zip-archive.js
async function openZipArchive(path) {
  let zip;
  try {
    const yauzl = await import("yauzl");
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: true, strictFileNames: false });
  } catch (error) {
    throw new PainterlyError("WEIGHTS_INVALID", `The file ${path} is not a readable zip archive (${error.message}).`, { cause: error });
  }
  const entries = /* @__PURE__ */ new Map();
  try {
    for await (const entry of zip.eachEntry())
      entries.set(entry.fileName, entry);
  } catch (error) {
    zip.close();
    throw new PainterlyError("WEIGHTS_INVALID", `The zip archive ${path} is damaged (${error.message}).`, { cause: error });
  }
  return {
    names: [...entries.keys()],
    async read(name) {
      const entry = entries.get(name);
      if (!entry)
        throw new PainterlyError("WEIGHTS_INVALID", `The zip archive ${path} has no entry ${name}.`);
      try {
        const stream = await zip.openReadStreamPromise(entry);
        const chunks = [];
        for await (const chunk of stream)
          chunks.push(chunk);
        return Buffer.concat(chunks);
      } catch (error) {
        throw new PainterlyError("WEIGHTS_INVALID", `The zip archive ${path} is damaged: entry ${name} cannot be read (${error.message}).`, { cause: error });
      }
    },
    close: () => zip.close()
  };
}

// dist/src/node/weights-file/detect-format.js
var WEIGHTS_FORMAT_NAMES = Object.freeze({
  "pth-zip": "PyTorch .pth (zip format)",
  "pth-legacy": "PyTorch .pth (legacy format)",
  safetensors: "safetensors",
  "keras-h5": "Keras 1/2 .h5",
  "keras3-h5": "Keras 3 .weights.h5",
  "keras-zip": "Keras 3 .keras",
  caffemodel: "Caffe .caffemodel",
  "tfjs-layers": "TF.js layers model.json"
});
var ACCEPTED_WEIGHTS_FILES = "a PyTorch VGG19/VGG16 .pth (torchvision or neural-style-pt), a .safetensors file, a Keras VGG19/VGG16 .h5 / .weights.h5 / .keras file, a Caffe .caffemodel, or a TF.js model.json";
var HDF5_SIGNATURE = Buffer.from([137, 72, 68, 70, 13, 10, 26, 10]);
var LEGACY_PTH_START = Buffer.from([128, 2, 138, 10, 108, 252, 156, 70, 249, 32, 106, 168, 80, 25]);
var HEAD_BYTES = 4096;
async function detectWeightsFormat(path) {
  const { head, size } = await readHead(path);
  if (head.subarray(0, 4).equals(Buffer.from("PK", "latin1")))
    return zipFormat(path);
  if (head.subarray(0, LEGACY_PTH_START.length).equals(LEGACY_PTH_START))
    return "pth-legacy";
  if (hasHdf5Signature(head) || await hasHdf5UserBlock(path, size))
    return hdf5Format(path);
  if (size >= 10 && head[8] === 123 && head.readBigUInt64LE(0) + 8n <= BigInt(size))
    return "safetensors";
  const text = head.toString("utf8").trimStart();
  if (text.startsWith("{")) {
    if (text.includes('"weightsManifest"') || text.includes('"modelTopology"'))
      return "tfjs-layers";
    throw notAccepted(path, "it is JSON but not a TF.js model.json (no weightsManifest)");
  }
  if (looksLikeNetParameter(head, size))
    return "caffemodel";
  if (head[0] === 128)
    throw notAccepted(path, "it is a Python pickle but not a PyTorch state dict file");
  throw notAccepted(path, "its first bytes match none of them");
}
var NAMED_FORMATS = [
  [/\.(h5|hdf5|keras)$/i, "named like a Keras file but is not an HDF5 file or Keras zip"],
  [/\.(pth|pt)$/i, "named like a PyTorch file but is neither a PyTorch zip nor a legacy PyTorch file"],
  [/\.safetensors$/i, "named like a safetensors file but has no safetensors header"],
  [/\.caffemodel$/i, "named like a Caffe model but is not a protobuf NetParameter"]
];
function notAccepted(path, why) {
  const named = NAMED_FORMATS.find(([pattern]) => pattern.test(path))?.[1];
  return new PainterlyError("WEIGHTS_INVALID", `The file ${path} is not a weights file Painterly reads (${named ? `it is ${named}: damaged, or another kind of file?` : why}). Expected ${ACCEPTED_WEIGHTS_FILES}; or use the VGG19 from the model store: \`painterly models download vgg19\`, then --network vgg19.`);
}
async function readHead(path) {
  const handle = await open(path, "r").catch((error) => {
    throw new PainterlyError("WEIGHTS_NOT_FOUND", `The network file ${path} ${error.code === "ENOENT" ? "does not exist" : `cannot be read (${error.code ?? error.message})`}. Pass the path of ${ACCEPTED_WEIGHTS_FILES}.`, { cause: error });
  });
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new PainterlyError("WEIGHTS_NOT_FOUND", `The network path ${path} is not a file. Pass the path of ${ACCEPTED_WEIGHTS_FILES}.`);
    const head = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    return { head, size: info.size };
  } finally {
    await handle.close();
  }
}
async function zipFormat(path) {
  const archive = await openZipArchive(path);
  try {
    if (archive.names.some((name) => /^[^/]+\/data\.pkl$/.test(name)))
      return "pth-zip";
    if (archive.names.includes("config.json") && archive.names.includes("model.weights.h5"))
      return "keras-zip";
    throw notAccepted(path, `it is a zip archive with neither <name>/data.pkl (PyTorch) nor config.json + model.weights.h5 (Keras 3); it holds ${archive.names.slice(0, 5).join(", ") || "nothing"}`);
  } finally {
    archive.close();
  }
}
function hasHdf5Signature(head) {
  return head.subarray(0, HDF5_SIGNATURE.length).equals(HDF5_SIGNATURE);
}
async function hasHdf5UserBlock(path, size) {
  const handle = await open(path, "r");
  try {
    const probe = Buffer.alloc(HDF5_SIGNATURE.length);
    for (let offset = 512; offset + probe.length <= size; offset *= 2) {
      await handle.read(probe, 0, probe.length, offset);
      if (probe.equals(HDF5_SIGNATURE))
        return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}
async function hdf5Format(path) {
  const H5 = await loadH5();
  let file;
  try {
    file = new H5.File(path, "r");
    if (file.file_id >= 0n && !file.attrs["layer_names"] && !file.keys().includes("model_weights") && file.keys().includes("layers"))
      return "keras3-h5";
  } catch {
  } finally {
    file?.close();
  }
  return "keras-h5";
}
function looksLikeNetParameter(head, size) {
  let at = 0;
  for (let fields = 0; fields < 2 && at < head.length; fields++) {
    const tag = readVarint(head, at);
    if (!tag)
      return false;
    const field = tag.value >> 3;
    if ((tag.value & 7) !== 2 || ![1, 2, 3, 100].includes(field))
      return false;
    const length = readVarint(head, tag.end);
    if (!length || length.end + length.value > size)
      return false;
    at = length.end + length.value;
  }
  return true;
}
function readVarint(bytes, start) {
  let value = 0;
  for (let i = 0; i < 5 && start + i < bytes.length; i++) {
    const byte = bytes[start + i];
    value += (byte & 127) * 2 ** (7 * i);
    if (!(byte & 128))
      return { value, end: start + i + 1 };
  }
  return void 0;
}

// dist/src/node/model-store/imported.js
import { createHash as createHash2 } from "node:crypto";
import { createReadStream as createReadStream2 } from "node:fs";
import fs from "node:fs/promises";
import { basename, join as join4, resolve as resolve7 } from "node:path";

// dist/src/node/weights-file/read-vgg-file.js
import { resolve as resolve6 } from "node:path";

// dist/src/engine/vgg/torch-layout.js
var FEATURE_WEIGHT = /^features\.(\d+)\.weight$/;
function torchFeatureIndices(table) {
  let index = 0;
  return table.layers.map((layer) => {
    if (layer.pooledBefore)
      index += 1;
    const at = index;
    index += 2;
    return at;
  });
}
function torchConvLayout(shapes, source) {
  const invalid = (problem) => new PainterlyError("WEIGHTS_INVALID", `The weights file ${source} ${problem}.`);
  const indices = [...shapes.keys()].map((key) => FEATURE_WEIGHT.exec(key)).filter((match) => match !== null).filter((match) => shapes.get(match[0]).length === 4).map((match) => Number(match[1])).sort((a, b) => a - b);
  if (indices.length === 0) {
    const sample = [...shapes.keys()].slice(0, 4).join(", ");
    throw invalid(`has no VGG convolutions in torchvision's layout (features.0.weight \u2026); its first keys are: ${sample || "none"}`);
  }
  const batchNorm = [...shapes.keys()].some((key) => /^features\.\d+\.running_mean$/.test(key));
  if (batchNorm)
    throw invalid("is a batch-normalised VGG (vgg19_bn / vgg16_bn), which style transfer does not use; use the plain vgg19 or vgg16 file");
  const keys = indices.map((index) => `features.${index}`);
  const fits = (variant) => {
    const expected2 = torchFeatureIndices(vggTable(variant));
    return indices.length <= expected2.length && indices.every((index, i) => expected2[i] === index);
  };
  if (fits("vgg19"))
    return { keys, variant: "vgg19" };
  if (fits("vgg16"))
    return { keys, variant: "vgg16" };
  const expected = torchFeatureIndices(vggTable("vgg19"));
  const at = indices.findIndex((index, i) => expected[i] !== index);
  throw invalid(`has its convolution #${at + 1} at features.${indices[at]}, where VGG19 has it at features.${expected[at] ?? "(none: VGG19 has 16)"}: not a VGG19 or VGG16 in torchvision's layout`);
}
function vggWeightsFromTorch(tensors, layout, source) {
  const invalid = (problem) => new PainterlyError("WEIGHTS_INVALID", `The weights file ${source} ${problem}.`);
  const names = vggTable(layout.variant).layers.map((layer) => layer.name);
  const layers = /* @__PURE__ */ new Map();
  layout.keys.forEach((key, i) => {
    const weight = tensors.get(`${key}.weight`);
    const bias = tensors.get(`${key}.bias`);
    if (!weight || !bias)
      throw invalid(`lacks ${key}.${weight ? "bias" : "weight"} (layer ${names[i]})`);
    const [outChannels, inChannels, height, width] = weight.shape;
    if (weight.shape.length !== 4 || height !== 3 || width !== 3 || bias.shape.length !== 1 || bias.shape[0] !== outChannels) {
      throw invalid(`has layer ${names[i]} (${key}) with weight [${weight.shape.join(",")}] and bias [${bias.shape.join(",")}]; expected weight [out,in,3,3] and bias [out]`);
    }
    layers.set(names[i], { kernel: transposeToKernel(weight.data, outChannels, inChannels, 3), bias: Float32Array.from(bias.data), inChannels, outChannels, kernelSize: 3 });
  });
  const widths = VGG19_BLOCK_WIDTHS.map((width, block) => layers.get(`conv${block + 1}_1`)?.outChannels ?? width);
  return { table: vggTable(layout.variant, widths), layers };
}
function transposeToKernel(data, outChannels, inChannels, size) {
  const kernel = new Float32Array(data.length);
  for (let o = 0; o < outChannels; o++)
    for (let i = 0; i < inChannels; i++)
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++)
          kernel[((y * size + x) * inChannels + i) * outChannels + o] = data[((o * inChannels + i) * size + y) * size + x];
  return kernel;
}

// dist/src/node/model-store/checksum.js
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
async function hashFile(path, algorithm) {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path))
    hash.update(chunk);
  return hash.digest("hex");
}
async function verifyChecksum(path, checksum) {
  const actualHex = await hashFile(path, checksum.algorithm);
  return { matches: actualHex === checksum.hex.toLowerCase(), actualHex };
}

// dist/src/node/vgg-h5.js
import { open as open2, stat as stat3 } from "node:fs/promises";
import { resolve as resolve5 } from "node:path";

// dist/src/engine/vgg/weights.js
var LAYER_PATTERN = /^conv([1-5])_([1-4])$/;
function kerasLayerName(layer) {
  const match = LAYER_PATTERN.exec(layer);
  if (!match || !VGG19_CONV_LAYERS.includes(layer)) {
    throw invalidOption("a VGG conv layer name (conv1_1 \u2026 conv5_4)", "layer", layer);
  }
  return `block${match[1]}_conv${match[2]}`;
}

// dist/src/node/weights-file/keras3.js
import { mkdtemp, rm, stat as stat2, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join3, resolve as resolve4 } from "node:path";
var FIX = "Pass a Keras VGG16/VGG19 weights file (.h5, .weights.h5) or a .keras model, or use --network vgg19 / vgg16 from the model store.";
var KERAS_ARCHIVE_WEIGHTS = "model.weights.h5";
var CONV_GROUP = /^conv2d(?:_(\d+))?$/;
function isKeras3Layout(root) {
  return root.attrs["layer_names"] === void 0 && childOf(root, "layers") instanceof h5().Group;
}
function childOf(group, name) {
  return group.keys().includes(name) ? group.get(name) : null;
}
function keras3WeightsFromRoot(root, name, options = {}, source = `keras3:${name}`) {
  const invalid = (problem, cause) => new PainterlyError("WEIGHTS_INVALID", `The Keras 3 weights file ${name} ${problem}. ${FIX}`, { cause });
  const layers = childOf(root, "layers");
  if (!(layers instanceof h5().Group))
    throw invalid(`has no layers group; its top-level entries are: ${root.keys().join(", ") || "none"}`);
  const convs = convGroups(layers, "layers", invalid).map(({ path, group }) => readConv(group, path, invalid));
  return vggWeightsFromConvs(convs, { source, invalid, variant: options.variant });
}
async function readKerasArchiveWeights(path, options = {}) {
  const absolutePath = resolve4(path);
  const info = await stat2(absolutePath).catch((error) => {
    throw new PainterlyError("WEIGHTS_NOT_FOUND", `No Keras model file at ${absolutePath}. ${FIX}`, { cause: error });
  });
  if (!info.isFile())
    throw new PainterlyError("WEIGHTS_NOT_FOUND", `The Keras model path ${absolutePath} is not a file. ${FIX}`);
  const invalid = (problem, cause) => new PainterlyError("WEIGHTS_INVALID", `The Keras model file ${absolutePath} ${problem}. ${FIX}`, { cause });
  let weights;
  try {
    const { default: AdmZip } = await import("adm-zip");
    const entry = new AdmZip(absolutePath).getEntry(KERAS_ARCHIVE_WEIGHTS);
    if (!entry)
      throw invalid(`is a zip without ${KERAS_ARCHIVE_WEIGHTS} (a .keras model holds config.json, metadata.json and ${KERAS_ARCHIVE_WEIGHTS})`);
    weights = entry.getData();
  } catch (error) {
    if (error instanceof PainterlyError)
      throw error;
    throw invalid(`is not a readable zip (${error instanceof Error ? error.message : String(error)})`, error);
  }
  const dir = await mkdtemp(join3(tmpdir(), "painterly-keras-"));
  try {
    const inner = join3(dir, KERAS_ARCHIVE_WEIGHTS);
    await writeFile(inner, weights, { mode: 384 });
    const H5 = await loadH5();
    let file;
    try {
      file = new H5.File(inner, "r");
    } catch (error) {
      throw invalid(`holds a ${KERAS_ARCHIVE_WEIGHTS} that is not HDF5`, error);
    }
    if (file.file_id < 0n)
      throw invalid(`holds a ${KERAS_ARCHIVE_WEIGHTS} that is not HDF5 (corrupt or truncated?)`);
    try {
      return keras3WeightsFromRoot(file, `${absolutePath} (${KERAS_ARCHIVE_WEIGHTS})`, options, `keras:${absolutePath}`);
    } finally {
      file.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
function convGroups(layers, path, invalid) {
  const convs = layers.keys().map((name) => ({ name, match: CONV_GROUP.exec(name) })).filter((entry) => entry.match !== null).sort((a, b) => Number(a.match[1] ?? 0) - Number(b.match[1] ?? 0));
  if (convs.length > 0) {
    return convs.map(({ name }) => {
      const group = layers.get(name);
      if (!(group instanceof h5().Group))
        throw invalid(`has an entry ${path}/${name} that is not a group`);
      return { path: `${path}/${name}`, group };
    });
  }
  const nested = layers.keys().filter((name) => {
    const child = layers.get(name);
    return child instanceof h5().Group && childOf(child, "layers") instanceof h5().Group;
  });
  if (nested.length !== 1) {
    const found = nested.length === 0 ? "no conv2d layers and no nested model" : `several nested models (${nested.join(", ")}) and no conv2d layers of its own`;
    throw invalid(`has ${found} in ${path}; its entries are: ${layers.keys().join(", ") || "none"}`);
  }
  return convGroups(layers.get(`${nested[0]}/layers`), `${path}/${nested[0]}/layers`, invalid);
}
function readConv(group, path, invalid) {
  const vars = childOf(group, "vars");
  const read = (index) => {
    const dataset = vars instanceof h5().Group ? childOf(vars, index) : void 0;
    if (!(dataset instanceof h5().Dataset))
      throw invalid(`has no dataset ${path}/vars/${index} (a convolution has a kernel vars/0 and a bias vars/1)`);
    const data = dataset.value;
    if (!(data instanceof Float32Array || data instanceof Float64Array))
      throw invalid(`has a non-float weight ${path}/vars/${index} (${String(dataset.dtype)})`);
    return { shape: dataset.shape ?? [], data: data instanceof Float32Array ? data : Float32Array.from(data) };
  };
  const kernel = read("0");
  const bias = read("1");
  const [height, width, inChannels, outChannels] = kernel.shape;
  if (kernel.shape.length !== 4 || height !== width || bias.shape.length !== 1 || bias.shape[0] !== outChannels) {
    throw invalid(`has layer ${path} with kernel [${kernel.shape.join(",")}] and bias [${bias.shape.join(",")}]; expected kernel [3,3,in,out] and bias [out]`);
  }
  return { fileName: path, weights: { kernel: kernel.data, bias: bias.data, inChannels, outChannels, kernelSize: height } };
}

// dist/src/node/vgg-h5.js
var FIX2 = "Download the weights with `painterly models download vgg19`, or use untrained weights: `weights=random`.";
var HDF5_SIGNATURE2 = Buffer.from([137, 72, 68, 70, 13, 10, 26, 10]);
var UNDEFINED_ADDRESS = 0xffffffffffffffffn;
async function readKerasVggWeights(path, options = {}) {
  const absolutePath = resolve5(path);
  await assertHdf5File(absolutePath);
  const H5 = await loadH5();
  const invalid = (problem, cause) => new PainterlyError("WEIGHTS_INVALID", `The Keras VGG weights file ${absolutePath} ${problem}. ${FIX2}`, { cause });
  let file;
  try {
    file = new H5.File(absolutePath, "r");
  } catch (error) {
    throw invalid("could not be opened as HDF5", error);
  }
  if (file.file_id < 0n)
    throw invalid("could not be opened as HDF5 (corrupt or truncated?)");
  try {
    if (isKeras3Layout(file))
      return keras3WeightsFromRoot(file, absolutePath, options);
    const modelWeights = file.get("model_weights");
    const root = modelWeights instanceof h5().Group ? modelWeights : file;
    const layers = /* @__PURE__ */ new Map();
    for (const layer of presentConvLayers(root, invalid))
      layers.set(layer, readConvLayer(root, layer, invalid));
    if (layers.size === 0) {
      throw invalid(`contains no VGG19 conv layers (block1_conv1 \u2026); its top-level entries are: ${root.keys().join(", ") || "none"}`);
    }
    const variant = variantOf(layers);
    if (options.variant && options.variant !== variant) {
      throw invalid(`holds ${variant.toUpperCase()} layers (block3_conv${variant === "vgg16" ? 3 : 4} is its last in block 3), not the ${options.variant.toUpperCase()} asked for`);
    }
    return { network: vggTable(variant, blockWidths(layers)), layers, source: `keras-h5:${absolutePath}`, pretrained: true };
  } catch (error) {
    if (error instanceof PainterlyError)
      throw error;
    throw invalid(`could not be read (${error instanceof Error ? error.message : String(error)})`, error);
  } finally {
    file.close();
  }
}
function variantOf(layers) {
  const count = (block) => [1, 2, 3, 4].filter((conv) => layers.has(`conv${block}_${conv}`)).length;
  const counts = [3, 4, 5].map(count);
  if (counts.includes(4))
    return "vgg19";
  return counts.some((size, index) => size === 3 && (index === 2 || counts[index + 1] > 0)) ? "vgg16" : "vgg19";
}
function blockWidths(layers) {
  return VGG19_BLOCK_WIDTHS.map((width, block) => layers.get(`conv${block + 1}_1`)?.outChannels ?? width);
}
function presentConvLayers(root, invalid) {
  const groups = new Set(root.keys());
  const listed = root.attrs["layer_names"] ? stringList(root.attrs["layer_names"].value) : [...groups];
  if (!listed)
    throw invalid("has a root attribute layer_names that is not a list of names");
  return VGG19_CONV_LAYERS.filter((layer) => {
    const keras = kerasLayerName(layer);
    if (!listed.includes(keras))
      return false;
    if (!groups.has(keras))
      throw invalid(`lists layer ${keras} in layer_names but has no group ${keras}`);
    return true;
  });
}
function readConvLayer(root, layer, invalid) {
  const keras = kerasLayerName(layer);
  const group = root.get(keras);
  if (!(group instanceof h5().Group))
    throw invalid(`has an entry ${keras} that is not a group`);
  const weightNames = group.attrs["weight_names"] ? stringList(group.attrs["weight_names"].value) : void 0;
  if (!weightNames)
    throw invalid(`has no list of weight_names in group ${keras}`);
  const found = {};
  for (const name of weightNames) {
    const dataset = group.get(name);
    if (!(dataset instanceof h5().Dataset))
      throw invalid(`lists weight ${name} in ${keras}/weight_names but has no dataset ${keras}/${name}`);
    const shape = dataset.shape ?? [];
    const role = weightRole(name, shape.length);
    if (!role || found[role])
      throw invalid(`has an unexpected weight ${keras}/${name} of shape [${shape.join(",")}] (a conv layer has one kernel and one bias)`);
    const data = dataset.value;
    if (!(data instanceof Float32Array || data instanceof Float64Array))
      throw invalid(`has a non-float weight ${keras}/${name} (${String(dataset.dtype)})`);
    found[role] = { shape, data };
  }
  const { kernel, bias } = found;
  if (!kernel || !bias)
    throw invalid(`lacks a ${kernel ? "bias" : "kernel"} in group ${keras} (weight_names: ${weightNames.join(", ") || "none"})`);
  const [height, width, inChannels, outChannels] = kernel.shape;
  if (kernel.shape.length !== 4 || height !== 3 || width !== 3 || bias.shape.length !== 1 || bias.shape[0] !== outChannels) {
    throw invalid(`has layer ${keras} with kernel [${kernel.shape.join(",")}] and bias [${bias.shape.join(",")}]; expected kernel [3,3,in,out] and bias [out] (TensorFlow channel order)`);
  }
  return { kernel: Float32Array.from(kernel.data), bias: Float32Array.from(bias.data), inChannels, outChannels, kernelSize: 3 };
}
function weightRole(name, rank) {
  const base = name.slice(name.lastIndexOf("/") + 1).replace(/:\d+$/, "");
  if (/^(kernel|W)$|_W(_\d+)?$/.test(base))
    return "kernel";
  if (/^(bias|b)$|_b(_\d+)?$/.test(base))
    return "bias";
  return rank === 4 ? "kernel" : rank === 1 ? "bias" : void 0;
}
function stringList(value) {
  if (typeof value === "string")
    return [value];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView) && value.byteLength === 0)
    return [];
  if (Array.isArray(value) && value.every((item) => typeof item === "string"))
    return value;
  return void 0;
}
async function assertHdf5File(path) {
  const notFound = (problem, cause) => new PainterlyError("WEIGHTS_NOT_FOUND", `${problem}. ${FIX2}`, { cause });
  const info = await stat3(path).catch((error) => {
    throw notFound(`No Keras VGG weights file at ${path}`, error);
  });
  if (!info.isFile())
    throw notFound(`The Keras VGG weights path ${path} is not a file`);
  const handle = await open2(path, "r").catch((error) => {
    throw notFound(`The Keras VGG weights file ${path} cannot be read (${error.code ?? "error"})`, error);
  });
  try {
    const superblock = Buffer.alloc(64);
    for (let offset = 0; offset + HDF5_SIGNATURE2.length <= info.size; offset = offset === 0 ? 512 : offset * 2) {
      const { bytesRead } = await handle.read(superblock, 0, superblock.length, offset);
      if (!superblock.subarray(0, HDF5_SIGNATURE2.length).equals(HDF5_SIGNATURE2))
        continue;
      const endOfFile = superblockEndOfFile(superblock.subarray(0, bytesRead));
      if (endOfFile !== void 0 && endOfFile > BigInt(info.size)) {
        throw new PainterlyError("WEIGHTS_INVALID", `The Keras VGG weights file ${path} is truncated: it has ${info.size} bytes but its header says ${endOfFile}. ${FIX2}`);
      }
      return;
    }
  } finally {
    await handle.close();
  }
  throw new PainterlyError("WEIGHTS_INVALID", `The Keras VGG weights file ${path} is not an HDF5 file (no HDF5 signature). ${FIX2}`);
}
function superblockEndOfFile(superblock) {
  const version = superblock[8];
  const offsetSize = version <= 1 ? superblock[13] : superblock[9];
  const baseAt = version === 0 ? 24 : version === 1 ? 28 : 12;
  const endAt = baseAt + 16;
  if (offsetSize !== 8 || version > 3 || superblock.length < endAt + 8)
    return void 0;
  const endOfFile = superblock.readBigUInt64LE(endAt);
  return endOfFile === UNDEFINED_ADDRESS ? void 0 : endOfFile;
}

// dist/src/node/weights-file/choose-preprocessing.js
var CAFFE_FORMATS = ["keras-h5", "keras3-h5", "keras-zip", "caffemodel"];
function choosePreprocessing(input) {
  const { format, known, requested, source } = input;
  if (known) {
    if (requested !== void 0 && requested !== known.preprocessing) {
      throw new PainterlyError("INVALID_OPTION", `Expected ${known.preprocessing} (or no value) for preprocessing but received "${requested}": ${source} is ${known.origin} (SHA-256 ${known.sha256Prefix}\u2026), trained on ${PREPROCESSING_SUMMARIES[known.preprocessing]}. Drop the preprocessing option.`);
    }
    return { name: known.preprocessing, from: "file", reason: `${known.origin}, recognised by its SHA-256 ${known.sha256Prefix}\u2026` };
  }
  if (requested !== void 0)
    return { name: requested, from: "option", reason: "as the preprocessing option asks" };
  if (CAFFE_FORMATS.includes(format))
    return { name: "caffe", from: "format", reason: "Keras and Caffe VGG files are the Caffe-trained network" };
  throw new PainterlyError("INVALID_OPTION", `Expected a preprocessing option (${PREPROCESSING_NAMES.join(" or ")}) for ${source}: it is not a VGG file Painterly knows by its SHA-256, and a .pth or .safetensors file does not say which input it was trained on. Use caffe for weights converted from Caffe (neural-style-pt, ${PREPROCESSING_SUMMARIES.caffe.split(" (")[0]}) or torchvision for torchvision's own (${PREPROCESSING_SUMMARIES.torchvision.split(" (")[0]}): --preprocessing caffe|torchvision.`);
}

// dist/src/node/weights-file/known-files.js
var KNOWN_WEIGHT_FILES = Object.freeze([
  { sha256Prefix: "d01eb7cb", fileName: "vgg19-d01eb7cb.pth", network: "vgg19", preprocessing: "caffe", origin: "neural-style-pt's VGG19 (the Caffe weights in torchvision's layout)" },
  { sha256Prefix: "00b39a1b", fileName: "vgg16-00b39a1b.pth", network: "vgg16", preprocessing: "caffe", origin: "neural-style-pt's VGG16 (the Caffe weights in torchvision's layout)" },
  { sha256Prefix: "dcbb9e9d", fileName: "vgg19-dcbb9e9d.pth", network: "vgg19", preprocessing: "torchvision", origin: "torchvision's VGG19 (IMAGENET1K_V1, retrained by PyTorch)" },
  { sha256Prefix: "397923af", fileName: "vgg16-397923af.pth", network: "vgg16", preprocessing: "torchvision", origin: "torchvision's VGG16 (IMAGENET1K_V1, retrained by PyTorch)" }
]);
function identifyWeightsFile(sha256Hex, known = KNOWN_WEIGHT_FILES) {
  const prefix = sha256Hex.slice(0, 8).toLowerCase();
  return known.find((file) => file.sha256Prefix === prefix);
}

// dist/src/node/weights-file/pth-legacy.js
import { open as open3 } from "node:fs/promises";

// dist/src/node/weights-file/safe-unpickler.js
function unpickle(bytes, options) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refuse2 = (reason) => new PainterlyError("WEIGHTS_INVALID", `Refused to read ${options.source}: its pickle ${reason}. A weights file should hold only a dict of tensors; loading anything else could run code hidden in the file, so Painterly does not. Use a state dict saved with \`torch.save(model.state_dict(), path)\`.`);
  const broken = (problem) => new PainterlyError("WEIGHTS_INVALID", `The file ${options.source} is damaged: its pickle ${problem}.`);
  let at = options.offset ?? 0;
  const stack = [];
  const marks = [];
  const memo = /* @__PURE__ */ new Map();
  const need = (count) => {
    if (at + count > bytes.length)
      throw broken(`ends early (offset ${at}, ${count} more bytes needed)`);
  };
  const u8 = () => (need(1), bytes[at++]);
  const u16 = () => (need(2), at += 2, view.getUint16(at - 2, true));
  const u32 = () => (need(4), at += 4, view.getUint32(at - 4, true));
  const i32 = () => (need(4), at += 4, view.getInt32(at - 4, true));
  const u64 = () => {
    need(8);
    const value = view.getBigUint64(at, true);
    at += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      throw broken(`has a length ${value} larger than any file`);
    return Number(value);
  };
  const take = (count) => (need(count), at += count, bytes.subarray(at - count, at));
  const line = () => {
    const end = bytes.indexOf(10, at);
    if (end < 0)
      throw broken("has an unterminated text argument");
    const text = new TextDecoder("latin1").decode(bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const utf8 = (data) => new TextDecoder("utf-8", { fatal: true }).decode(data);
  const pop = () => {
    if (stack.length === 0 || marks.length > 0 && stack.length <= marks[marks.length - 1])
      throw broken("pops an empty stack");
    return stack.pop();
  };
  const popMark = () => {
    const mark = marks.pop();
    if (mark === void 0)
      throw broken("has no MARK where one is needed");
    return stack.splice(mark);
  };
  const top = () => {
    if (stack.length === 0)
      throw broken("reads an empty stack");
    return stack[stack.length - 1];
  };
  const global = (module, name) => {
    const allowed = options.globals.get(`${module}.${name}`);
    if (!allowed)
      throw refuse2(`asks for the Python global ${module}.${name}, which is not part of a state dict`);
    return allowed.kind === "token" ? allowed.value : allowed;
  };
  const setItems = (target, items) => {
    if (!(target instanceof Map))
      throw refuse2("sets items on something that is not a dict");
    if (items.length % 2 !== 0)
      throw broken("sets a key without a value");
    for (let i = 0; i < items.length; i += 2)
      target.set(items[i], items[i + 1]);
  };
  const append = (target, items) => {
    if (!Array.isArray(target))
      throw refuse2("appends to something that is not a list");
    target.push(...items);
  };
  const long = (data) => {
    let value = 0n;
    for (let i = data.length - 1; i >= 0; i--)
      value = value << 8n | BigInt(data[i]);
    if (data.length > 0 && data[data.length - 1] & 128)
      value -= 1n << BigInt(8 * data.length);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  };
  for (; ; ) {
    const opcode = u8();
    switch (opcode) {
      case 128:
        u8();
        break;
      // PROTO
      case 149:
        u64();
        break;
      // FRAME: a length hint only
      case 46: {
        if (stack.length !== 1)
          throw broken(`stops with ${stack.length} values on the stack`);
        return { value: stack[0], end: at };
      }
      case 40:
        marks.push(stack.length);
        break;
      // MARK
      case 48:
        pop();
        break;
      // POP
      case 49:
        popMark();
        break;
      // POP_MARK
      case 50:
        stack.push(top());
        break;
      // DUP
      case 78:
        stack.push(null);
        break;
      // NONE
      case 136:
        stack.push(true);
        break;
      // NEWTRUE
      case 137:
        stack.push(false);
        break;
      // NEWFALSE
      case 74:
        stack.push(i32());
        break;
      // BININT
      case 75:
        stack.push(u8());
        break;
      // BININT1
      case 77:
        stack.push(u16());
        break;
      // BININT2
      case 138:
        stack.push(long(take(u8())));
        break;
      // LONG1
      case 139:
        stack.push(long(take(u32())));
        break;
      // LONG4
      case 73: {
        const text = line();
        stack.push(text === "01" ? true : text === "00" ? false : Number.parseInt(text, 10));
        break;
      }
      case 71:
        need(8);
        stack.push(view.getFloat64(at, false));
        at += 8;
        break;
      // BINFLOAT (big-endian)
      case 88:
        stack.push(utf8(take(u32())));
        break;
      // BINUNICODE
      case 140:
        stack.push(utf8(take(u8())));
        break;
      // SHORT_BINUNICODE
      case 141:
        stack.push(utf8(take(u64())));
        break;
      // BINUNICODE8
      case 84:
        stack.push(new TextDecoder("latin1").decode(take(i32())));
        break;
      // BINSTRING (Python 2 str)
      case 85:
        stack.push(new TextDecoder("latin1").decode(take(u8())));
        break;
      // SHORT_BINSTRING
      case 66:
        stack.push(take(u32()).slice());
        break;
      // BINBYTES
      case 67:
        stack.push(take(u8()).slice());
        break;
      // SHORT_BINBYTES
      case 41:
        stack.push([]);
        break;
      // EMPTY_TUPLE
      case 116:
        stack.push(popMark());
        break;
      // TUPLE
      case 133:
        stack.push([pop()]);
        break;
      // TUPLE1
      case 134: {
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      // TUPLE2
      case 135: {
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      // TUPLE3
      case 93:
        stack.push([]);
        break;
      // EMPTY_LIST
      case 108:
        stack.push(popMark());
        break;
      // LIST
      case 97: {
        const item = pop();
        append(top(), [item]);
        break;
      }
      // APPEND
      case 101: {
        const items = popMark();
        append(top(), items);
        break;
      }
      // APPENDS
      case 125:
        stack.push(/* @__PURE__ */ new Map());
        break;
      // EMPTY_DICT
      case 100: {
        const dict = /* @__PURE__ */ new Map();
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      // DICT
      case 115: {
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      // SETITEM
      case 117: {
        const items = popMark();
        setItems(top(), items);
        break;
      }
      // SETITEMS
      case 112:
        memo.set(Number.parseInt(line(), 10), top());
        break;
      // PUT
      case 113:
        memo.set(u8(), top());
        break;
      // BINPUT
      case 114:
        memo.set(u32(), top());
        break;
      // LONG_BINPUT
      case 148:
        memo.set(memo.size, top());
        break;
      // MEMOIZE
      case 103:
        stack.push(recall(memo, Number.parseInt(line(), 10), broken));
        break;
      // GET
      case 104:
        stack.push(recall(memo, u8(), broken));
        break;
      // BINGET
      case 106:
        stack.push(recall(memo, u32(), broken));
        break;
      // LONG_BINGET
      case 99: {
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      // GLOBAL
      case 147: {
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string")
          throw refuse2("names a global with non-string parts");
        stack.push(global(module, name));
        break;
      }
      case 82: {
        const args = pop();
        const callable2 = pop();
        if (!isCallable(callable2))
          throw refuse2(`calls ${describe(callable2)}, which is not an allowed constructor`);
        if (!Array.isArray(args))
          throw refuse2("calls a constructor without an argument tuple");
        stack.push(callable2.call(args));
        break;
      }
      case 98: {
        const state = pop();
        if (!(top() instanceof Map) || !(state instanceof Map || state === null || Array.isArray(state)))
          throw refuse2(`sets the state of ${describe(top())}`);
        break;
      }
      case 81: {
        const pid = pop();
        if (!options.persistentLoad)
          throw refuse2("refers to outside data (a persistent id) where none is expected");
        stack.push(options.persistentLoad(pid));
        break;
      }
      case 80: {
        const pid = line();
        if (!options.persistentLoad)
          throw refuse2("refers to outside data (a persistent id) where none is expected");
        stack.push(options.persistentLoad(pid));
        break;
      }
      default:
        throw refuse2(`uses opcode 0x${opcode.toString(16).padStart(2, "0")} (${OBJECT_OPCODES[opcode] ?? "unknown"}), which a state dict does not need`);
    }
    if (marks.length > 0 && stack.length < marks[marks.length - 1])
      throw broken("pops past a MARK");
  }
}
var OBJECT_OPCODES = {
  105: "INST",
  111: "OBJ",
  129: "NEWOBJ",
  146: "NEWOBJ_EX",
  130: "EXT1",
  131: "EXT2",
  132: "EXT4",
  150: "BYTEARRAY8",
  151: "NEXT_BUFFER",
  152: "READONLY_BUFFER",
  143: "EMPTY_SET",
  144: "ADDITEMS",
  145: "FROZENSET"
};
function recall(memo, key, broken) {
  if (!memo.has(key))
    throw broken(`reads memo entry ${key}, which was never stored`);
  return memo.get(key);
}
function isCallable(value) {
  return typeof value === "object" && value !== null && value.kind === "callable" && typeof value.call === "function";
}
function describe(value) {
  if (value === null)
    return "None";
  if (value instanceof Map)
    return "a dict";
  if (Array.isArray(value))
    return "a tuple or list";
  return typeof value === "object" ? "a value that is not a constructor" : `a ${typeof value}`;
}

// dist/src/node/weights-file/tensor-data.js
var DTYPE_BYTES = { float32: 4, float16: 2, bfloat16: 2, float64: 8, int64: 8 };
function gatherFloat32(bytes, dtype, view, source) {
  if (dtype === "other" || dtype === "int64")
    throw new PainterlyError("WEIGHTS_INVALID", `The file ${source} stores a weight as ${dtype}, not as floats.`);
  const elementBytes = DTYPE_BYTES[dtype];
  const storageLength = Math.floor(bytes.length / elementBytes);
  const count = view.shape.reduce((product, side) => product * side, 1);
  const contiguous = contiguousStrides(view.shape).every((stride, axis) => view.shape[axis] === 1 || stride === view.stride[axis]);
  if (dtype === "float32" && contiguous && view.offset >= 0 && view.offset + count <= storageLength) {
    const start = bytes.byteOffset + view.offset * 4;
    return new Float32Array(bytes.buffer.slice(start, start + count * 4));
  }
  const dataView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const element = ELEMENT_READERS[dtype];
  const out = new Float32Array(count);
  const rank = view.shape.length;
  const index = new Array(rank).fill(0);
  let position = view.offset;
  for (let i = 0; i < count; i++) {
    if (position < 0 || position >= storageLength) {
      throw new PainterlyError("WEIGHTS_INVALID", `The file ${source} is damaged: a tensor of shape [${view.shape.join(",")}] reaches element ${position} of a storage of ${storageLength}.`);
    }
    out[i] = element(dataView, position * elementBytes);
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      position += view.stride[axis];
      if (index[axis] < view.shape[axis])
        break;
      position -= view.stride[axis] * view.shape[axis];
      index[axis] = 0;
    }
  }
  return out;
}
var ELEMENT_READERS = {
  float32: (view, at) => view.getFloat32(at, true),
  float64: (view, at) => view.getFloat64(at, true),
  bfloat16: (view, at) => {
    const scratch = new DataView(new ArrayBuffer(4));
    scratch.setUint32(0, view.getUint16(at, true) << 16);
    return scratch.getFloat32(0);
  },
  float16: (view, at) => halfToFloat(view.getUint16(at, true))
};
function halfToFloat(bits) {
  const sign = bits & 32768 ? -1 : 1;
  const exponent = bits >> 10 & 31;
  const fraction = bits & 1023;
  if (exponent === 0)
    return sign * fraction * 2 ** -24;
  if (exponent === 31)
    return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
function contiguousStrides(shape) {
  const strides = new Array(shape.length);
  let step = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = step;
    step *= shape[axis];
  }
  return strides;
}

// dist/src/node/weights-file/torch-pickle.js
var STORAGE_TYPES = {
  FloatStorage: "float32",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  DoubleStorage: "float64",
  LongStorage: "int64"
};
var STORAGE_TYPE = /* @__PURE__ */ Symbol("storage type");
function callable(call) {
  return { kind: "callable", call };
}
function stateDictGlobals(source) {
  const invalid = (problem) => new PainterlyError("WEIGHTS_INVALID", `The file ${source} is not a PyTorch state dict: ${problem}.`);
  const rebuild = (args) => {
    const [storage, offset, shape, stride] = args;
    if (!isStorageRef(storage) || typeof offset !== "number" || !isIntList(shape) || !isIntList(stride) || shape.length !== stride.length) {
      throw invalid("a tensor is rebuilt from arguments that are not (storage, offset, size, stride)");
    }
    return { storage, offset, shape, stride };
  };
  const globals = /* @__PURE__ */ new Map([
    ["collections.OrderedDict", callable((args) => {
      if (args.length !== 0)
        throw invalid("an OrderedDict is built from arguments");
      return /* @__PURE__ */ new Map();
    })],
    ["torch._utils._rebuild_tensor_v2", callable(rebuild)],
    ["torch._utils._rebuild_tensor", callable(rebuild)],
    ["torch._utils._rebuild_parameter", callable((args) => {
      if (!isTensorRef(args[0]))
        throw invalid("a parameter wraps something that is not a tensor");
      return args[0];
    })]
  ]);
  for (const [name, dtype] of Object.entries(STORAGE_TYPES))
    globals.set(`torch.${name}`, { kind: "token", value: { [STORAGE_TYPE]: dtype } });
  return globals;
}
function readStateDictPickle(bytes, options) {
  const { source } = options;
  const invalid = (problem) => new PainterlyError("WEIGHTS_INVALID", `The file ${source} is not a PyTorch state dict: ${problem}.`);
  const { value, end } = unpickle(bytes, {
    source,
    offset: options.offset,
    globals: stateDictGlobals(source),
    persistentLoad: (pid) => storageRef(pid, invalid)
  });
  if (!(value instanceof Map))
    throw invalid("its pickle holds no dict (a whole pickled model? save `model.state_dict()` instead)");
  const root = value.has("state_dict") && value.get("state_dict") instanceof Map ? value.get("state_dict") : value;
  const tensors = /* @__PURE__ */ new Map();
  for (const [key, tensor] of root) {
    if (typeof key !== "string")
      throw invalid("a key is not a string");
    if (isTensorRef(tensor))
      tensors.set(key, tensor);
  }
  return { tensors, end };
}
function storageRef(pid, invalid) {
  if (!Array.isArray(pid) || pid[0] !== "storage")
    throw invalid("it refers to outside data that is not a tensor storage");
  const [, type, key, , numel, view] = pid;
  if (typeof type !== "object" || type === null || !(STORAGE_TYPE in type))
    throw invalid("a storage has an unknown type");
  if (typeof key !== "string" || !/^[\w.-]+$/.test(key) || typeof numel !== "number" || !Number.isInteger(numel) || numel < 0)
    throw invalid("a storage has a malformed key or length");
  if (view !== void 0 && view !== null)
    throw invalid("it uses storage views from PyTorch before 1.0 (load and re-save it with a current PyTorch)");
  return { key, dtype: type[STORAGE_TYPE], numel };
}
function isIntList(value) {
  return Array.isArray(value) && value.every((item) => typeof item === "number" && Number.isInteger(item) && item >= 0);
}
function isStorageRef(value) {
  return typeof value === "object" && value !== null && typeof value.key === "string" && typeof value.numel === "number";
}
function isTensorRef(value) {
  return typeof value === "object" && value !== null && isStorageRef(value.storage);
}

// dist/src/node/weights-file/pth-legacy.js
var LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
var PROTOCOL_VERSION = 1001;
var FIRST_READ_BYTES = 1 << 20;
async function readPthLegacy(path, wanted) {
  const handle = await open3(path, "r");
  try {
    const { size } = await handle.stat();
    const invalid = (problem) => new PainterlyError("WEIGHTS_INVALID", `The file ${path} is not a PyTorch legacy file: ${problem}.`);
    for (let headBytes = Math.min(size, FIRST_READ_BYTES); ; headBytes = Math.min(size, headBytes * 4)) {
      const head = Buffer.alloc(headBytes);
      await handle.read(head, 0, headBytes, 0);
      let pickles;
      try {
        pickles = readHeadPickles(head, path, invalid);
      } catch (error) {
        if (headBytes < size && error instanceof PainterlyError && /ends early/.test(error.message))
          continue;
        throw error;
      }
      const { refs, storageKeys, dataStart } = pickles;
      const storages = /* @__PURE__ */ new Map();
      for (const ref of refs.values())
        storages.set(ref.storage.key, ref.storage);
      const offsets = /* @__PURE__ */ new Map();
      let at = dataStart;
      for (const key of storageKeys) {
        const storage = storages.get(key);
        if (!storage)
          throw invalid(`it lists storage ${key}, which no tensor uses`);
        offsets.set(key, at + 8);
        if (storage.dtype === "other")
          throw invalid(`storage ${key} has a type this reader cannot size`);
        at += 8 + storage.numel * DTYPE_BYTES[storage.dtype];
      }
      if (at > size)
        throw new PainterlyError("WEIGHTS_INVALID", `The PyTorch file ${path} is truncated: its storages need ${at} bytes, the file has ${size}.`);
      const shapes = new Map([...refs].map(([key, ref]) => [key, ref.shape]));
      const tensors = /* @__PURE__ */ new Map();
      const cache = /* @__PURE__ */ new Map();
      for (const [key, ref] of refs) {
        if (!wanted(key, ref.shape))
          continue;
        const { storage } = ref;
        let bytes = cache.get(storage.key);
        if (!bytes) {
          const start = offsets.get(storage.key);
          if (start === void 0)
            throw invalid(`tensor ${key} uses storage ${storage.key}, which the file does not list`);
          const count = Buffer.alloc(8);
          await handle.read(count, 0, 8, start - 8);
          if (count.readBigUInt64LE(0) !== BigInt(storage.numel))
            throw invalid(`storage ${storage.key} records ${count.readBigUInt64LE(0)} elements, its tensor expects ${storage.numel}`);
          bytes = Buffer.alloc(storage.numel * DTYPE_BYTES[storage.dtype]);
          await handle.read(bytes, 0, bytes.length, start);
          cache.set(storage.key, bytes);
        }
        tensors.set(key, { shape: ref.shape, data: gatherFloat32(bytes, storage.dtype, ref, path) });
      }
      return { shapes, tensors };
    }
  } finally {
    await handle.close();
  }
}
function readHeadPickles(head, path, invalid) {
  const plain = (offset) => unpickle(head, { source: path, offset, globals: /* @__PURE__ */ new Map() });
  const magic = plain(0);
  if (magic.value !== LEGACY_MAGIC)
    throw invalid("it does not start with the legacy magic number");
  const protocol = plain(magic.end);
  if (protocol.value !== PROTOCOL_VERSION)
    throw invalid(`it has protocol version ${String(protocol.value)}, not ${PROTOCOL_VERSION}`);
  const sysInfo = plain(protocol.end);
  if (!(sysInfo.value instanceof Map) || sysInfo.value.get("little_endian") !== true) {
    throw new PainterlyError("WEIGHTS_INVALID", `The PyTorch file ${path} was written big-endian; load and re-save it on a little-endian machine.`);
  }
  const { tensors: refs, end } = readStateDictPickle(head, { source: path, offset: sysInfo.end });
  const keys = plain(end);
  if (!Array.isArray(keys.value) || !keys.value.every((key) => typeof key === "string"))
    throw invalid("its list of storage keys is not a list of names");
  return { refs, storageKeys: keys.value, dataStart: keys.end };
}

// dist/src/node/weights-file/pth-zip.js
async function readPthZip(path, wanted) {
  const archive = await openZipArchive(path);
  try {
    const pickleName = archive.names.find((name) => /^[^/]+\/data\.pkl$/.test(name));
    if (!pickleName)
      throw new PainterlyError("WEIGHTS_INVALID", `The zip archive ${path} is not a PyTorch file: it has no <name>/data.pkl.`);
    const prefix = pickleName.slice(0, -"data.pkl".length);
    if (archive.names.includes(`${prefix}byteorder`) && (await archive.read(`${prefix}byteorder`)).toString("latin1").trim() !== "little") {
      throw new PainterlyError("WEIGHTS_INVALID", `The PyTorch file ${path} was written big-endian; load and re-save it on a little-endian machine.`);
    }
    const { tensors: refs } = readStateDictPickle(await archive.read(pickleName), { source: path });
    const shapes = new Map([...refs].map(([key, ref]) => [key, ref.shape]));
    const tensors = /* @__PURE__ */ new Map();
    const storages = /* @__PURE__ */ new Map();
    for (const [key, ref] of refs) {
      if (!wanted(key, ref.shape))
        continue;
      let bytes = storages.get(ref.storage.key);
      if (!bytes) {
        bytes = await archive.read(`${prefix}data/${ref.storage.key}`);
        storages.set(ref.storage.key, bytes);
      }
      tensors.set(key, { shape: ref.shape, data: gatherFloat32(bytes, ref.storage.dtype, ref, path) });
    }
    return { shapes, tensors };
  } finally {
    archive.close();
  }
}

// dist/src/node/weights-file/safetensors.js
import { open as open4 } from "node:fs/promises";
var SAFETENSORS_MAX_HEADER_BYTES = 1e8;
var DTYPES = { F32: "float32", F16: "float16", BF16: "bfloat16", F64: "float64", I64: "int64" };
async function readSafetensors(path, wanted) {
  const invalid = (problem) => new PainterlyError("WEIGHTS_INVALID", `The safetensors file ${path} ${problem}.`);
  const handle = await open4(path, "r");
  try {
    const { size } = await handle.stat();
    const lengthBytes = Buffer.alloc(8);
    await handle.read(lengthBytes, 0, 8, 0);
    const headerBytes = Number(lengthBytes.readBigUInt64LE(0));
    if (headerBytes < 2 || headerBytes > SAFETENSORS_MAX_HEADER_BYTES || 8 + headerBytes > size)
      throw invalid(`has a header length of ${headerBytes} bytes that does not fit the file (${size} bytes)`);
    const headerText = Buffer.alloc(headerBytes);
    await handle.read(headerText, 0, headerBytes, 8);
    let header;
    try {
      header = JSON.parse(headerText.toString("utf8"));
    } catch (error) {
      throw invalid(`has a header that is not JSON (${error.message})`);
    }
    if (typeof header !== "object" || header === null || Array.isArray(header))
      throw invalid("has a header that is not a JSON object");
    const dataStart = 8 + headerBytes;
    const shapes = /* @__PURE__ */ new Map();
    const tensors = /* @__PURE__ */ new Map();
    for (const [key, value] of Object.entries(header)) {
      if (key === "__metadata__")
        continue;
      const entry = value;
      const dtype = DTYPES[entry?.dtype] ?? "other";
      const [begin, end] = Array.isArray(entry?.data_offsets) ? entry.data_offsets : [Number.NaN, Number.NaN];
      if (!Array.isArray(entry?.shape) || !entry.shape.every((side) => Number.isInteger(side) && side >= 0) || !Number.isInteger(begin) || !Number.isInteger(end) || begin > end || dataStart + end > size) {
        throw invalid(`has a malformed header entry for ${key}`);
      }
      const count = entry.shape.reduce((product, side) => product * side, 1);
      if (dtype !== "other" && end - begin !== count * DTYPE_BYTES[dtype])
        throw invalid(`stores ${end - begin} bytes for ${key} of shape [${entry.shape.join(",")}] and dtype ${entry.dtype}`);
      shapes.set(key, entry.shape);
      if (!wanted(key, entry.shape))
        continue;
      const bytes = Buffer.alloc(end - begin);
      await handle.read(bytes, 0, bytes.length, dataStart + begin);
      tensors.set(key, { shape: entry.shape, data: gatherFloat32(bytes, dtype, { shape: entry.shape, stride: contiguousStrides(entry.shape), offset: 0 }, path) });
    }
    return { shapes, tensors };
  } finally {
    await handle.close();
  }
}

// dist/src/node/weights-file/read-vgg-file.js
async function readVggWeightsFile(path, options = {}) {
  const absolutePath = resolve6(path);
  const format = options.format ?? await detectWeightsFormat(absolutePath);
  switch (format) {
    case "pth-zip":
    case "pth-legacy":
    case "safetensors":
      return readStateDictFile(absolutePath, format, options);
    case "keras-h5":
    case "keras3-h5":
      return withCaffeTrainedInfo(await readKerasVggWeights(absolutePath), format, absolutePath, options);
    case "keras-zip":
      return withCaffeTrainedInfo(await readKerasArchiveWeights(absolutePath), format, absolutePath, options);
    case "caffemodel":
      return withCaffeTrainedInfo(await (await import("./caffemodel-NP7SY2N4.js")).readCaffeModelWeights(absolutePath), format, absolutePath, options);
    case "tfjs-layers":
      throw new PainterlyError("WEIGHTS_INVALID", `The file ${absolutePath} is a TF.js model.json, a network of its own rather than VGG weights: pass it as --network PATH/model.json.`);
  }
}
async function readStateDictFile(path, format, options) {
  const known = identifyWeightsFile(options.sha256 ?? await hashFile(path, "sha256"));
  const choice = choosePreprocessing({ format, known, requested: options.preprocessing, source: path });
  const contents = await STATE_DICT_READERS[format](path, (key) => key.startsWith("features."));
  const layout = torchConvLayout(contents.shapes, path);
  if (known && known.network !== layout.variant) {
    throw new PainterlyError("WEIGHTS_INVALID", `The file ${path} has ${known.origin}'s digest but a ${layout.variant.toUpperCase()}'s layers: it is damaged. Download it again.`);
  }
  const { table, layers } = vggWeightsFromTorch(contents.tensors, layout, path);
  return withFileInfo({ network: table, layers, source: `${format}:${path}`, pretrained: true }, format, choice);
}
function withCaffeTrainedInfo(weights, format, path, options) {
  return withFileInfo(weights, format, choosePreprocessing({ format, known: void 0, requested: options.preprocessing, source: path }));
}
function withFileInfo(weights, format, choice) {
  return { ...weights, network: withPreprocessing(weights.network, choice.name), file: { format, preprocessing: choice.name, reason: choice.reason } };
}
var STATE_DICT_READERS = {
  "pth-zip": readPthZip,
  "pth-legacy": readPthLegacy,
  safetensors: readSafetensors
};

// dist/src/node/model-store/imported.js
var NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
var RECORD = "import.json";
function importedRoot(env = process.env) {
  return join4(cacheRoot(env), "imported");
}
async function importWeightsFile(file, options = {}) {
  const env = options.env ?? process.env;
  const source = resolve7(file);
  const format = await detectWeightsFormat(source);
  const { sha256, md5, bytes } = await digests(source);
  const registryFile = registryMatch(md5, sha256, options.registry ?? MODEL_REGISTRY);
  if (registryFile) {
    const destination = modelFilePath(registryFile.entry, registryFile.fileName, env);
    const cached = await digestsIfPresent(destination);
    if (cached && cached.md5 === md5)
      return { kind: "registry", name: registryFile.entry.name, path: destination, alreadyCached: true };
    await prepareModelFolders([join4(destination, "..")], env);
    await placeFile(source, destination, options.link ?? false);
    return { kind: "registry", name: registryFile.entry.name, path: destination, alreadyCached: false };
  }
  const weights = await readVggWeightsFile(source, { format, preprocessing: options.preprocessing, sha256 });
  validateNetworkWeights(weights, "conv5_1", "Check that the file is a whole VGG19 (features.0 \u2026 features.34).");
  const name = options.name ?? defaultName(source);
  checkName(name, options.name !== void 0);
  const existing = await findImportedModel(name, env);
  if (existing) {
    if (existing.sha256 === sha256)
      return { kind: "imported", model: existing, linked: false, alreadyImported: true };
    throw new PainterlyError("INVALID_OPTION", `Expected a new name for --name but received "${name}": another file (${existing.importedFrom}) is imported under it. Choose another --name, or remove ${join4(importedRoot(env), name)} first.`);
  }
  const folder = join4(importedRoot(env), name);
  await prepareModelFolders([folder], env);
  const path = join4(folder, basename(source));
  const linked = await placeFile(source, path, options.link ?? false);
  const model = {
    name,
    path,
    bytes,
    sha256,
    format,
    preprocessing: weights.file.preprocessing,
    reason: options.preprocessing !== void 0 && weights.file.reason.startsWith("as the preprocessing option") ? `given with --preprocessing ${options.preprocessing} when imported` : weights.file.reason,
    importedFrom: source,
    importedAt: (/* @__PURE__ */ new Date()).toISOString()
  };
  await writeFileAtomic(join4(folder, RECORD), Buffer.from(`${JSON.stringify(model, null, 2)}
`));
  return { kind: "imported", model, linked, alreadyImported: false };
}
async function listImportedModels(env = process.env) {
  const names = await fs.readdir(importedRoot(env)).catch(() => []);
  const models = await Promise.all(names.filter((name) => NAME.test(name)).sort().map((name) => findImportedModel(name, env)));
  return models.filter((model) => model !== void 0);
}
async function findImportedModel(name, env = process.env) {
  if (!NAME.test(name))
    return void 0;
  try {
    const record = JSON.parse(await fs.readFile(join4(importedRoot(env), name, RECORD), "utf8"));
    const info = await fs.stat(record.path);
    return info.size === record.bytes ? record : void 0;
  } catch {
    return void 0;
  }
}
function defaultName(path) {
  return basename(path).toLowerCase().replace(/\.(pth|pt|safetensors|h5|hdf5|keras|caffemodel)$/, "").replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "").slice(0, 64);
}
function checkName(name, given) {
  const why = !NAME.test(name) ? 'letters a\u2013z, digits, ".", "_" or "-" (at most 64, starting with a letter or digit)' : isNetworkId(name) || MODEL_REGISTRY.some((entry) => entry.name === name) ? `a name that is not already a built-in model (${name} is one)` : void 0;
  if (why)
    throw new PainterlyError("INVALID_OPTION", `Expected ${why} for --name but received "${name}"${given ? "" : " (from the file name)"}. Pass --name NAME.`);
}
function registryMatch(md5, sha256, registry) {
  for (const entry of registry) {
    if (entry.layout !== "file")
      continue;
    for (const file of entry.files) {
      const hex = file.checksum.hex.toLowerCase();
      if (file.checksum.algorithm === "md5" && hex === md5 || file.checksum.algorithm === "sha256" && hex === sha256)
        return { entry, fileName: file.name };
    }
  }
  return void 0;
}
async function digests(path) {
  const sha = createHash2("sha256");
  const md5 = createHash2("md5");
  let bytes = 0;
  for await (const chunk of createReadStream2(path)) {
    sha.update(chunk);
    md5.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: sha.digest("hex"), md5: md5.digest("hex"), bytes };
}
async function digestsIfPresent(path) {
  return digests(path).catch(() => void 0);
}
async function placeFile(source, destination, link) {
  const temp = tempPathFor(destination);
  try {
    let linked = false;
    if (link)
      linked = await fs.link(source, temp).then(() => true, () => false);
    if (!linked)
      await fs.copyFile(source, temp, fs.constants.COPYFILE_EXCL);
    await fs.rename(temp, destination);
    return linked;
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => void 0);
    throw new PainterlyError("OUTPUT_NOT_WRITABLE", `Cannot store ${source} as ${destination} (${error.code ?? error.message}). Check the space and permissions of the model cache (PAINTERLY_HOME).`, { cause: error });
  }
}

// dist/src/node/model-store/store.js
import { stat as stat8 } from "node:fs/promises";
import { dirname as dirname6, join as join7 } from "node:path";

// dist/src/node/model-store/download.js
import { mkdir as mkdir2, rename as rename2, rm as rm4 } from "node:fs/promises";
import { basename as basename3, dirname as dirname3 } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// dist/src/node/model-store/http-transfer.js
import { rm as rm3 } from "node:fs/promises";

// dist/src/node/model-store/part-file.js
import { randomBytes } from "node:crypto";
import { open as open5, readdir, rename, rm as rm2, stat as stat4 } from "node:fs/promises";
import { basename as basename2, dirname as dirname2, join as join5 } from "node:path";

// dist/src/node/model-store/owner.js
import { createHash as createHash3 } from "node:crypto";
import { hostname } from "node:os";
var HOST_NAME = hostname();
var HOST_TAG = createHash3("sha256").update(HOST_NAME).digest("hex").slice(0, 8);
function isOwnerGone(pid) {
  if (!Number.isInteger(pid) || pid <= 0)
    return true;
  if (pid === process.pid)
    return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === "ESRCH";
  }
}
var PROCESS_STARTED_MS = Math.round(Date.now() - process.uptime() * 1e3);
function isThisProcess(pid, startedMs) {
  return pid === process.pid && startedMs !== void 0 && Math.abs(startedMs - PROCESS_STARTED_MS) < 1e3;
}

// dist/src/node/model-store/part-file.js
function partPathFor(destination) {
  return `${destination}.part`;
}
var UNIQUE_PART = /^(.+)\.([0-9a-f]{8})-(\d+)-[0-9a-f]+\.part$/;
var FOREIGN_ORPHAN_AGE_MS = 60 * 60 * 1e3;
var OWN_PID_ORPHAN_AGE_MS = 60 * 1e3;
var activeParts = /* @__PURE__ */ new Set();
function uniquePartPath(destination) {
  const path = `${destination}.${HOST_TAG}-${process.pid}-${randomBytes(4).toString("hex")}.part`;
  activeParts.add(path);
  return path;
}
async function adoptableOrphans(destination) {
  const names = await readdir(dirname2(destination)).catch(() => []);
  const candidates = [];
  for (const name of names) {
    const match = UNIQUE_PART.exec(name);
    if (!match || match[1] !== basename2(destination))
      continue;
    const path = join5(dirname2(destination), name);
    const info = await stat4(path).catch(() => void 0);
    if (!info)
      continue;
    const ageMs = Date.now() - info.mtimeMs;
    const pid = Number(match[3]);
    const gone = match[2] !== HOST_TAG ? ageMs > FOREIGN_ORPHAN_AGE_MS : pid === process.pid ? !activeParts.has(path) && ageMs > OWN_PID_ORPHAN_AGE_MS : isOwnerGone(pid);
    if (gone)
      candidates.push({ path, bytes: info.size });
  }
  return candidates.sort((a, b) => b.bytes - a.bytes).map((candidate) => candidate.path);
}
async function adoptPart(destination, workPath) {
  const sources = [partPathFor(destination), ...await adoptableOrphans(destination)];
  let adopted = false;
  for (const source of sources) {
    if (!adopted) {
      adopted = await rename(source, workPath).then(() => true, () => false);
    } else if (source !== partPathFor(destination)) {
      await rm2(source, { force: true });
    }
  }
  return adopted;
}
async function restorePart(workPath, partPath) {
  activeParts.delete(workPath);
  const bytes = await existingBytes(workPath).catch(() => 0);
  if (bytes > 0)
    await rename(workPath, partPath).catch(() => rm2(workPath, { force: true }).catch(() => void 0));
  else
    await rm2(workPath, { force: true }).catch(() => void 0);
}
async function existingBytes(path) {
  try {
    return (await stat4(path)).size;
  } catch (error) {
    if (error.code === "ENOENT")
      return 0;
    throw error;
  }
}
var PartWriteError = class extends Error {
  path;
  code;
  constructor(path, cause) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.path = path;
    this.name = "PartWriteError";
    this.code = cause?.code;
  }
};
async function writing(path, action) {
  try {
    return await action();
  } catch (error) {
    throw new PartWriteError(path, error);
  }
}
function releasePart(workPath) {
  activeParts.delete(workPath);
}
async function writeChunks(chunks, path, options) {
  const handle = await writing(path, () => open5(path, options.append ? "a" : "w"));
  let closed = false;
  try {
    for await (const chunk of chunks) {
      await writing(path, () => handle.write(chunk));
      options.onChunk(chunk.byteLength);
    }
    closed = true;
    await writing(path, () => handle.close());
  } finally {
    if (!closed)
      await handle.close().catch(() => void 0);
  }
}

// dist/src/node/model-store/http-transfer.js
async function request(url, offset, signal) {
  const headers = { "accept-encoding": "identity" };
  if (offset > 0)
    headers.range = `bytes=${offset}-`;
  return fetch(url, { headers, signal, redirect: "follow" });
}
function rangeStart(response) {
  const match = /^bytes\s+(\d+)-/i.exec(response.headers.get("content-range") ?? "");
  return match ? Number(match[1]) : void 0;
}
function totalBytes(response, offset, expectedBytes) {
  const rangeTotal = /\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "")?.[1];
  if (rangeTotal !== void 0)
    return Number(rangeTotal);
  const length = response.headers.get("content-length");
  if (length !== null && response.headers.get("content-encoding") === null)
    return offset + Number(length);
  return expectedBytes ?? null;
}
async function openAt(options, offset) {
  const response = await request(options.source, offset, options.signal);
  if (offset === 0)
    return { response, offset };
  if (response.status === 206 && rangeStart(response) === offset)
    return { response, offset };
  if (response.status === 200)
    return { response, offset: 0 };
  if (response.status !== 416 && response.status !== 206)
    return { response, offset };
  await response.body?.cancel();
  await rm3(options.partPath, { force: true });
  return openAt(options, 0);
}
async function fetchIntoPart(options) {
  let offset = await existingBytes(options.partPath);
  if (options.expectedBytes !== void 0 && offset >= options.expectedBytes) {
    if (offset === options.expectedBytes)
      return options.onBytes(offset, offset);
    await rm3(options.partPath, { force: true });
    offset = 0;
  }
  const opened = await openAt(options, offset);
  const { response } = opened;
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  let received = opened.offset;
  const total = totalBytes(response, received, options.expectedBytes);
  options.onBytes(received, total);
  if (!response.body)
    return;
  await writeChunks(response.body, options.partPath, {
    append: opened.offset > 0,
    onChunk: (byteLength) => options.onBytes(received += byteLength, total)
  });
}

// dist/src/node/model-store/local-transfer.js
import { createReadStream as createReadStream3 } from "node:fs";
import { stat as stat5 } from "node:fs/promises";
import { fileURLToPath as fileURLToPath2 } from "node:url";
function localSourcePath(source) {
  if (source.startsWith("file:"))
    return fileURLToPath2(source);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source))
    return void 0;
  return source;
}
async function copyIntoPart(options) {
  const path = localSourcePath(options.source) ?? options.source;
  const total = (await stat5(path)).size;
  let received = 0;
  options.onBytes(received, total);
  await writeChunks(createReadStream3(path, { signal: options.signal }), options.partPath, {
    append: false,
    onChunk: (byteLength) => options.onBytes(received += byteLength, total)
  });
}

// dist/src/node/model-store/download.js
var PROGRESS_INTERVAL_MS = 100;
function progressReporter(options, file) {
  let lastEmitMs = Number.NEGATIVE_INFINITY;
  return (receivedBytes, totalBytes2) => {
    const now = Date.now();
    if (now - lastEmitMs < PROGRESS_INTERVAL_MS && receivedBytes !== totalBytes2)
      return;
    lastEmitMs = now;
    options.onProgress?.({ type: "download", model: options.model ?? "", file, receivedBytes, totalBytes: totalBytes2 });
  };
}
function describeCause(error) {
  if (!(error instanceof Error))
    return String(error);
  const cause = error.cause instanceof Error ? error.cause : void 0;
  const code = cause?.code ?? error.code;
  const message = cause?.message ?? error.message;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
var DISK_FULL_CODES = /* @__PURE__ */ new Set(["ENOSPC", "EDQUOT"]);
function cacheWriteError(error, options, keptBytes) {
  const folder = dirname3(options.destination);
  const kept = keptBytes > 0 ? ` ${keptBytes} bytes are kept and the next run resumes from there.` : "";
  if (error.code !== void 0 && DISK_FULL_CODES.has(error.code)) {
    const needMb = Math.ceil((options.expectedBytes ?? 0) / 1e6);
    const need = needMb > 0 ? `at least ${needMb} MB` : "some space";
    return new PainterlyError("OUTPUT_NOT_WRITABLE", `The disk is full: no space left to write ${basename3(options.destination)} into the model cache ${folder} (${error.code}). Free ${need} there, or set PAINTERLY_HOME to a folder on a disk with room, then run the command again.${kept}`, { cause: error });
  }
  return new PainterlyError("OUTPUT_NOT_WRITABLE", `Cannot write ${error.path} in the model cache: ${describeCause(error)}. Make the folder writable, or set PAINTERLY_HOME to a writable folder, then run the command again.`, { cause: error });
}
async function transferError(error, options, partPath) {
  if (isPainterlyError(error))
    return error;
  const keptBytes = await existingBytes(partPath).catch(() => 0);
  if (options.signal?.aborted) {
    return new PainterlyError("ABORTED", `Download of ${options.url} was cancelled; ${keptBytes} bytes are kept in ${partPath} and the next run resumes from there.`, { cause: error });
  }
  if (error instanceof PartWriteError)
    return cacheWriteError(error, options, keptBytes);
  const localPath = localSourcePath(options.url);
  if (localPath !== void 0) {
    const missing = error.code === "ENOENT";
    const message = missing ? `The model mirror (PAINTERLY_MODEL_MIRROR) has no file ${localPath}. Copy the model there (laid out as <mirror>/<model folder>/<file>) or unset PAINTERLY_MODEL_MIRROR to download it, then run the command again.` : `Could not read ${localPath} from the model mirror (PAINTERLY_MODEL_MIRROR): ${describeCause(error)}. Check the mirror, then run the command again.`;
    return new PainterlyError("DOWNLOAD_FAILED", message, { cause: error });
  }
  const next = keptBytes > 0 ? `${keptBytes} bytes are saved in ${partPath}; run the command again to resume from there.` : "Check the network connection (or set PAINTERLY_MODEL_MIRROR to a local copy) and run the command again.";
  return new PainterlyError("DOWNLOAD_FAILED", `Could not download ${options.url}: ${describeCause(error)}. ${next}`, { cause: error });
}
async function transferOnce(options, workPath, file) {
  const transfer = {
    source: options.url,
    partPath: workPath,
    expectedBytes: options.expectedBytes,
    signal: options.signal,
    onBytes: progressReporter(options, file)
  };
  const isLocal = localSourcePath(options.url) !== void 0;
  await (isLocal ? copyIntoPart(transfer) : fetchIntoPart(transfer));
  const receivedBytes = await existingBytes(workPath);
  if (!isLocal && options.expectedBytes !== void 0 && receivedBytes < options.expectedBytes) {
    throw new Error(`the transfer ended after ${receivedBytes} of ${options.expectedBytes} bytes`);
  }
}
async function transferWithRetries(options, workPath, file) {
  const partPath = partPathFor(options.destination);
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await transferOnce(options, workPath, file);
    } catch (raw) {
      const isRemote = localSourcePath(options.url) === void 0;
      const retryable = isRemote && !(raw instanceof PartWriteError) && !isPainterlyError(raw) && !options.signal?.aborted;
      if (!retryable || attempt >= (options.retries ?? 0)) {
        await restorePart(workPath, partPath);
        throw await transferError(raw, options, partPath);
      }
      await sleep((options.retryDelayMs ?? 1e3) * (attempt + 1), void 0, { signal: options.signal }).catch(() => void 0);
    }
  }
}
async function downloadFile(options) {
  const workPath = uniquePartPath(options.destination);
  try {
    await downloadInto(options, workPath);
  } finally {
    releasePart(workPath);
  }
}
async function downloadInto(options, workPath) {
  const file = options.file ?? basename3(options.destination);
  const partPath = partPathFor(options.destination);
  try {
    await mkdir2(dirname3(options.destination), { recursive: true }).catch((error) => {
      throw new PartWriteError(dirname3(options.destination), error);
    });
    await adoptPart(options.destination, workPath);
  } catch (error) {
    throw await transferError(error, options, partPath);
  }
  await transferWithRetries(options, workPath, file);
  const { matches, actualHex } = await verifyChecksum(workPath, options.checksum).catch(async (error) => {
    await restorePart(workPath, partPath);
    throw await transferError(new PartWriteError(workPath, error), options, partPath);
  });
  if (!matches) {
    await rm4(workPath, { force: true });
    const { algorithm, hex } = options.checksum;
    throw new PainterlyError("CHECKSUM_MISMATCH", `Checksum mismatch for ${file} from ${options.url}: expected ${algorithm} ${hex} but got ${actualHex}. The corrupt download was deleted; run the command again to download it afresh.`);
  }
  await rename2(workPath, options.destination).catch(async (error) => {
    await rm4(workPath, { force: true });
    throw await transferError(new PartWriteError(options.destination, error), options, partPath);
  });
}

// dist/src/node/model-store/model-lock.js
import { randomBytes as randomBytes2 } from "node:crypto";
import { mkdir as mkdir3, open as open6, readFile, rename as rename3, rm as rm5, stat as stat6, utimes } from "node:fs/promises";
import { dirname as dirname4 } from "node:path";
import { setTimeout as sleep2 } from "node:timers/promises";
var DEFAULT_STALE_MS = 3e4;
var queues = /* @__PURE__ */ new Map();
async function readOwner(lockPath) {
  try {
    const owner = JSON.parse(await readFile(lockPath, "utf8"));
    return typeof owner.pid === "number" && typeof owner.host === "string" && typeof owner.token === "string" ? owner : void 0;
  } catch {
    return void 0;
  }
}
function isStale(owner, touchedMs, staleMs) {
  if (Date.now() - touchedMs > staleMs)
    return true;
  if (owner === void 0 || owner.host !== HOST_NAME)
    return false;
  if (owner.pid === process.pid)
    return !isThisProcess(owner.pid, owner.processStartedMs);
  return isOwnerGone(owner.pid);
}
async function tryCreate(lockPath, owner) {
  let handle;
  try {
    handle = await open6(lockPath, "wx");
  } catch (error) {
    const code = error.code;
    if (code === "EEXIST")
      return false;
    if (code !== "ENOENT")
      throw lockError(lockPath, error);
    await mkdir3(dirname4(lockPath), { recursive: true }).catch((cause) => {
      throw lockError(lockPath, cause);
    });
    return tryCreate(lockPath, owner);
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return true;
}
function lockError(lockPath, cause) {
  const code = cause.code;
  return new PainterlyError("OUTPUT_NOT_WRITABLE", `Cannot create the download lock ${lockPath}${code ? ` (${code})` : ""}. Make the model cache writable (or set PAINTERLY_HOME to a writable folder) and run the command again.`, { cause });
}
async function breakLock(lockPath) {
  const aside = `${lockPath}.stale-${randomBytes2(4).toString("hex")}`;
  if (await rename3(lockPath, aside).then(() => true, () => false))
    await rm5(aside, { force: true });
}
async function acquire(lockPath, options) {
  const owner = {
    pid: process.pid,
    host: HOST_NAME,
    token: randomBytes2(8).toString("hex"),
    startedMs: Date.now(),
    processStartedMs: PROCESS_STARTED_MS
  };
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  let waiting = false;
  for (; ; ) {
    throwIfAborted(options.signal, `Cancelled while waiting for another download (lock ${lockPath}).`);
    if (await tryCreate(lockPath, owner))
      return owner;
    const touchedMs = await stat6(lockPath).then((info) => info.mtimeMs, () => void 0);
    if (touchedMs === void 0)
      continue;
    const current = await readOwner(lockPath);
    if (isStale(current, touchedMs, staleMs)) {
      await breakLock(lockPath);
      continue;
    }
    if (!waiting)
      options.onWait?.(current);
    waiting = true;
    await sleep2(options.pollMs ?? 200, void 0, { signal: options.signal }).catch(() => void 0);
  }
}
async function release(lockPath, owner) {
  if ((await readOwner(lockPath))?.token === owner.token)
    await rm5(lockPath, { force: true });
}
function queued(previous, signal) {
  const settled = previous.then(() => void 0, () => void 0);
  if (!signal)
    return settled;
  return new Promise((resolve8, reject) => {
    const abort = () => reject(new PainterlyError("ABORTED", "Cancelled while waiting for another download of the same model."));
    if (signal.aborted)
      return abort();
    signal.addEventListener("abort", abort, { once: true });
    void settled.then(() => {
      signal.removeEventListener("abort", abort);
      resolve8();
    });
  });
}
async function withModelLock(lockPath, action, options = {}) {
  const previous = queues.get(lockPath) ?? Promise.resolve();
  const run = queued(previous, options.signal).then(async () => {
    const owner = await acquire(lockPath, options);
    const touch = setInterval(() => {
      const now = /* @__PURE__ */ new Date();
      utimes(lockPath, now, now).catch(() => void 0);
    }, (options.staleMs ?? DEFAULT_STALE_MS) / 6);
    touch.unref();
    try {
      return await action();
    } finally {
      clearInterval(touch);
      await release(lockPath, owner);
    }
  });
  queues.set(lockPath, run);
  try {
    return await run;
  } finally {
    if (queues.get(lockPath) === run)
      queues.delete(lockPath);
  }
}

// dist/src/node/model-store/verdicts.js
import { randomBytes as randomBytes3 } from "node:crypto";
import { mkdir as mkdir4, readFile as readFile2, rename as rename4, rm as rm6, stat as stat7, writeFile as writeFile2 } from "node:fs/promises";
import { dirname as dirname5, join as join6 } from "node:path";
var memory = /* @__PURE__ */ new Map();
function verdictPath(entry, env) {
  return join6(cacheRoot(env), "models", ".verified", `${encodeURIComponent(entry.name)}.json`);
}
function checksumKey(file) {
  return `${file.checksum.algorithm}:${file.checksum.hex.toLowerCase()}`;
}
async function readTable(path) {
  try {
    const table = JSON.parse(await readFile2(path, "utf8"));
    return table.files && typeof table.files === "object" ? table.files : {};
  } catch {
    return {};
  }
}
async function writeTable(path, files) {
  const modelsDir = dirname5(dirname5(path));
  const mode = await stat7(modelsDir).then((info) => info.mode, () => 0);
  if ((mode & 146) === 0)
    return;
  const temporary = `${path}.${process.pid}-${randomBytes3(4).toString("hex")}.tmp`;
  try {
    await mkdir4(dirname5(path), { recursive: true });
    await writeFile2(temporary, `${JSON.stringify({ version: 1, files }, null, 1)}
`);
    await rename4(temporary, path);
  } catch {
    await rm6(temporary, { force: true }).catch(() => void 0);
  }
}
function isCurrent(verdict, bytes, mtimeMs, key) {
  return verdict !== void 0 && verdict.bytes === bytes && verdict.mtimeMs === mtimeMs && verdict.checksum === key;
}
async function checkModelFiles(entry, env) {
  const tablePath = verdictPath(entry, env);
  const table = await readTable(tablePath);
  const missing = [];
  const damaged = [];
  let changed = false;
  for (const file of entry.files) {
    const path = modelFilePath(entry, file.name, env);
    const info = await stat7(path).catch(() => void 0);
    if (!info || !info.isFile() || info.size !== file.bytes) {
      missing.push(file);
      continue;
    }
    const key = checksumKey(file);
    let verdict = memory.get(path);
    if (!isCurrent(verdict, info.size, info.mtimeMs, key))
      verdict = table[file.name];
    if (!isCurrent(verdict, info.size, info.mtimeMs, key)) {
      const { matches } = await verifyChecksum(path, file.checksum);
      verdict = { bytes: info.size, mtimeMs: info.mtimeMs, checksum: key, ok: matches };
      changed = true;
    }
    memory.set(path, verdict);
    table[file.name] = verdict;
    if (!verdict.ok)
      damaged.push(file);
  }
  if (changed)
    await writeTable(tablePath, table);
  return { missing, damaged };
}
async function recordVerified(entry, files, env) {
  if (files.length === 0)
    return;
  const tablePath = verdictPath(entry, env);
  const table = await readTable(tablePath);
  for (const file of files) {
    const path = modelFilePath(entry, file.name, env);
    const info = await stat7(path).catch(() => void 0);
    if (!info)
      continue;
    const verdict = { bytes: info.size, mtimeMs: info.mtimeMs, checksum: checksumKey(file), ok: true };
    memory.set(path, verdict);
    table[file.name] = verdict;
  }
  await writeTable(tablePath, table);
}

// dist/src/node/model-store/store.js
function downloadCommand(name) {
  return `painterly models download ${name}`;
}
function pathOf(entry, env) {
  const single = entry.layout === "file" ? entry.files[0] : void 0;
  return single ? modelFilePath(entry, single.name, env) : modelDir(entry, env);
}
async function isFileCached(entry, file, env, verify) {
  const path = modelFilePath(entry, file.name, env);
  const size = await stat8(path).then((info) => info.size, () => -1);
  if (size !== file.bytes)
    return false;
  return !verify || (await verifyChecksum(path, file.checksum)).matches;
}
async function missingFiles(entry, env, verify = false) {
  const cached = await Promise.all(entry.files.map((file) => isFileCached(entry, file, env, verify)));
  return entry.files.filter((_, index) => !cached[index]);
}
async function isCached(name, options = {}) {
  const entry = findModel(name, options.registry);
  if (options.verifyChecksums)
    return (await missingFiles(entry, options.env, true)).length === 0;
  const { missing, damaged } = await checkModelFiles(entry, options.env);
  return missing.length === 0 && damaged.length === 0;
}
function stateOf(check) {
  if (check.damaged.length > 0)
    return "damaged";
  return check.missing.length > 0 ? "not cached" : "cached";
}
async function listModels(options = {}) {
  const registry = options.registry ?? MODEL_REGISTRY;
  const summaries = [];
  for (const entry of registry) {
    const check = await checkModelFiles(entry, options.env);
    const state = stateOf(check);
    summaries.push({
      name: entry.name,
      kind: entry.kind,
      description: entry.description,
      provenance: entry.provenance,
      cached: state === "cached",
      state,
      damagedFiles: check.damaged.map((file) => file.name),
      bytes: modelBytes(entry),
      path: pathOf(entry, options.env)
    });
  }
  return summaries;
}
function notCachedError(entry, missing, env) {
  return new PainterlyError("WEIGHTS_NOT_FOUND", `Model "${entry.name}" is not in the cache (${missing.length} of ${entry.files.length} files missing under ${modelDir(entry, env)}) and downloads are off. Run \`${downloadCommand(entry.name)}\` (or set PAINTERLY_MODEL_MIRROR to a local copy of the models).`);
}
function repairCommand(name) {
  return `${downloadCommand(name)} --force`;
}
function damagedError(entry, damaged, env) {
  const names = damaged.map((file) => file.name);
  const shown = names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", ");
  return new PainterlyError("WEIGHTS_INVALID", `Model "${entry.name}" in the cache is damaged: ${shown} in ${modelDir(entry, env)} ${names.length === 1 ? "does" : "do"} not match the published checksum, so it was not used. Download it again with \`${repairCommand(entry.name)}\`.`);
}
function withCommand(error, entry) {
  if (!isPainterlyError(error) || error.code !== "DOWNLOAD_FAILED")
    return error;
  return new PainterlyError("DOWNLOAD_FAILED", `${error.message} Command: \`${downloadCommand(entry.name)}\`.`, { cause: error });
}
function lockPathOf(entry, env) {
  return join7(cacheRoot(env), "models", ".locks", `${encodeURIComponent(entry.name)}.lock`);
}
async function downloadFiles(work, progress, options) {
  const { entry } = work;
  for (const file of work.files) {
    const onProgress = (event) => options.onProgress?.({ ...event, overallReceivedBytes: progress.finishedBytes + event.receivedBytes, overallTotalBytes: progress.totalBytes });
    try {
      await downloadFile({
        url: fileSource(entry, file, options.env),
        destination: modelFilePath(entry, file.name, options.env),
        checksum: file.checksum,
        expectedBytes: file.bytes,
        signal: options.signal,
        onProgress,
        model: entry.name,
        file: file.name,
        retries: options.retries ?? 2,
        retryDelayMs: options.retryDelayMs
      });
    } catch (error) {
      throw withCommand(error, entry);
    }
    await recordVerified(entry, [file], options.env);
    progress.finishedBytes += file.bytes;
  }
}
async function bringIntoCache(entries, options) {
  const planned = [];
  for (const entry of entries) {
    const check = await checkModelFiles(entry, options.env);
    const files = options.force ? entry.files : check.missing;
    if (files.length > 0 && options.offline)
      throw notCachedError(entry, files, options.env);
    if (!options.force && check.damaged.length > 0)
      throw damagedError(entry, check.damaged, options.env);
    planned.push({ entry, files });
  }
  const progress = { finishedBytes: 0, totalBytes: planned.reduce((sum, work) => sum + modelBytesOf(work.files), 0) };
  for (const work of planned) {
    if (work.files.length === 0)
      continue;
    const lockPath = lockPathOf(work.entry, options.env);
    await prepareModelFolders([modelDir(work.entry, options.env), dirname6(lockPath)], options.env);
    await withModelLock(lockPath, async () => {
      const files = options.force ? work.files : (await checkModelFiles(work.entry, options.env)).missing;
      progress.finishedBytes += modelBytesOf(work.files) - modelBytesOf(files);
      await downloadFiles({ entry: work.entry, files }, progress, options);
    }, { signal: options.signal, onWait: options.onWait && ((owner) => options.onWait?.({ model: work.entry.name, ...owner })) });
    const after = await checkModelFiles(work.entry, options.env);
    if (after.damaged.length > 0)
      throw damagedError(work.entry, after.damaged, options.env);
    if (after.missing.length > 0)
      throw notCachedError(work.entry, after.missing, options.env);
  }
}
function modelBytesOf(files) {
  return files.reduce((sum, file) => sum + file.bytes, 0);
}
async function ensureModel(name, options = {}) {
  const entry = findModel(name, options.registry);
  await bringIntoCache([entry], options);
  return pathOf(entry, options.env);
}
async function downloadModel(name, options = {}) {
  const registry = options.registry ?? MODEL_REGISTRY;
  const entries = name === "all" ? registry : [findModel(name, registry)];
  await bringIntoCache(entries, options);
  return entries.map((entry) => pathOf(entry, options.env));
}

export {
  cacheRoot,
  modelDir,
  cacheRootProblem,
  HOST_NAME,
  isOwnerGone,
  PROCESS_STARTED_MS,
  isThisProcess,
  MODEL_MIRROR_ENV,
  modelMirror,
  WEIGHTS_FORMAT_NAMES,
  ACCEPTED_WEIGHTS_FILES,
  detectWeightsFormat,
  readKerasVggWeights,
  readVggWeightsFile,
  importWeightsFile,
  listImportedModels,
  findImportedModel,
  isCached,
  listModels,
  ensureModel,
  downloadModel
};
