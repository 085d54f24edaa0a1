import {
  errnoCode,
  writeFileAtomic
} from "./chunk-FR6KWIII.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/node/checkpoint-file.js
import { createHash as createHash2 } from "node:crypto";
import fs from "node:fs/promises";

// dist/src/engine/gatys/checkpoint-validation.js
function findCheckpointProblem(value) {
  if (!isRecord(value))
    return "the run state is not an object";
  for (const field of ["scale", "step", "iteration"]) {
    const problem = wholeNumber(value[field], field, 0);
    if (problem)
      return problem;
  }
  for (const field of ["width", "height"]) {
    const problem = wholeNumber(value[field], field, 1);
    if (problem)
      return problem;
  }
  if (value.step > value.iteration)
    return `step ${value.step} is beyond iteration ${value.iteration}`;
  if (typeof value.elapsedMs !== "number" || !Number.isFinite(value.elapsedMs) || value.elapsedMs < 0)
    return `elapsedMs is ${String(value.elapsedMs)}, expected a time \u2265 0`;
  const size = 3 * value.width * value.height;
  const pixels = floatArray(value.pixels, "pixels", size);
  if (pixels)
    return pixels;
  if (value.optimizer !== void 0) {
    const problem = optimizerProblem(value.optimizer, size);
    if (problem)
      return problem;
  }
  if (value.styleFactors !== void 0) {
    const factors = value.styleFactors;
    if (!Array.isArray(factors) || factors.some((factor) => typeof factor !== "number" || !Number.isFinite(factor) || factor < 0)) {
      return "styleFactors is not a list of finite numbers \u2265 0";
    }
  }
  if (value.average !== void 0) {
    if (!isRecord(value.average))
      return "average is not an object";
    return floatArray(value.average.sum, "average.sum", size) ?? wholeNumber(value.average.updates, "average.updates", 0);
  }
  return void 0;
}
function optimizerProblem(state, size) {
  if (!isRecord(state))
    return "optimizer is not an object";
  if (state.size !== size)
    return `optimizer.size is ${String(state.size)}, expected ${size} (3 \xD7 width \xD7 height)`;
  const steps = wholeNumber(state.stepCount, "optimizer.stepCount", 0);
  if (steps)
    return steps;
  switch (state.name) {
    case "adam":
      return floatArray(state.firstMoment, "optimizer.firstMoment", size) ?? floatArray(state.secondMoment, "optimizer.secondMoment", size);
    case "sgd":
      if (state.learningRate !== void 0 && !(typeof state.learningRate === "number" && Number.isFinite(state.learningRate) && state.learningRate > 0)) {
        return `optimizer.learningRate is ${String(state.learningRate)}, expected a number > 0`;
      }
      return void 0;
    default:
      return `optimizer.name is ${JSON.stringify(state.name)}, expected "adam" or "sgd"`;
  }
}
function wholeNumber(value, field, minimum) {
  return Number.isSafeInteger(value) && value >= minimum ? void 0 : `${field} is ${JSON.stringify(value) ?? "missing"}, expected a whole number \u2265 ${minimum}`;
}
function floatArray(value, field, length) {
  if (!(value instanceof Float32Array))
    return `${field} is missing`;
  if (value.length !== length)
    return `${field} holds ${value.length} values, expected ${length}`;
  for (let index = 0; index < value.length; index++) {
    if (!Number.isFinite(value[index]))
      return `${field} holds ${value[index]} at ${index}`;
  }
  return void 0;
}
function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// dist/src/node/array-file.js
import { createHash } from "node:crypto";
var DIGEST_BYTES = 32;
function encodeArrayFile(magic, format, fingerprint, payload) {
  const arrays = [];
  const body = JSON.stringify(payload, (_key, value) => {
    if (value instanceof Float32Array) {
      arrays.push(value);
      return { $array: arrays.length - 1 };
    }
    return value;
  });
  const firstLine = `${magic} ${format}
`;
  const header = Buffer.from(JSON.stringify({ fingerprint, lengths: arrays.map((array) => array.length), checkpoint: JSON.parse(body) }), "utf8");
  const prefix = Buffer.byteLength(firstLine) + 4 + header.length;
  const padding = (4 - prefix % 4) % 4;
  const payloadEnd = prefix + padding + arrays.reduce((sum, array) => sum + array.byteLength, 0);
  const file = Buffer.alloc(payloadEnd + DIGEST_BYTES);
  let offset = file.write(firstLine, 0, "utf8");
  offset = file.writeUInt32LE(header.length, offset);
  offset += header.copy(file, offset);
  offset += padding;
  for (const array of arrays) {
    Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(file, offset);
    offset += array.byteLength;
  }
  createHash("sha256").update(file.subarray(0, payloadEnd)).digest().copy(file, payloadEnd);
  return file;
}
function decodeArrayFile(file, reading) {
  const { invalid } = reading;
  const prefix = `${reading.magic} `;
  const newline = file.indexOf(10);
  const firstLine = newline > 0 && newline <= 40 ? file.toString("latin1", 0, newline) : "";
  if (!firstLine.startsWith(prefix))
    throw invalid(`it does not start with the line ${reading.magic}`);
  const format = firstLine.slice(prefix.length);
  if (!reading.formats.includes(format))
    throw reading.unknownFormat(format);
  let end = file.length;
  if (!reading.formatsWithoutDigest?.includes(format)) {
    end -= DIGEST_BYTES;
    if (end < newline + 5)
      throw invalid("it is truncated");
    const digest = createHash("sha256").update(file.subarray(0, end)).digest();
    if (!digest.equals(file.subarray(end)))
      throw invalid("its SHA-256 checksum does not match its contents: it was changed or cut short after it was written");
  }
  const headerStart = newline + 1 + 4;
  if (headerStart > end)
    throw invalid("it is truncated");
  const headerEnd = headerStart + file.readUInt32LE(newline + 1);
  if (headerEnd > end)
    throw invalid("its header length points past the end of the file");
  let header;
  try {
    header = JSON.parse(file.toString("utf8", headerStart, headerEnd));
  } catch {
    throw invalid("its header is not JSON");
  }
  if (!isRecord2(header) || typeof header.fingerprint !== "string" || !Array.isArray(header.lengths) || !header.lengths.every((length) => Number.isSafeInteger(length) && length >= 0)) {
    throw invalid("its header lacks the fingerprint or the array lengths");
  }
  let offset = headerEnd + (4 - headerEnd % 4) % 4;
  const arrays = header.lengths.map((length) => {
    const bytes = length * 4;
    if (offset + bytes > end)
      throw invalid("its data is shorter than its header says");
    const array = new Float32Array(length);
    Buffer.from(array.buffer).set(file.subarray(offset, offset + bytes));
    offset += bytes;
    return array;
  });
  if (offset !== end)
    throw invalid("its data is longer than its header says");
  const payload = revive(header.checkpoint, arrays);
  if (payload === void 0)
    throw invalid("it refers to an array it does not hold");
  return { format, fingerprint: header.fingerprint, payload };
}
function revive(value, arrays) {
  if (Array.isArray(value))
    return value.map((item) => revive(item, arrays));
  if (isRecord2(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === "$array")
      return arrays[entries[0][1]];
    const revived = entries.map(([key, item]) => [key, revive(item, arrays)]);
    return revived.some(([, item], index) => item === void 0 && entries[index][1] !== void 0) ? void 0 : Object.fromEntries(revived);
  }
  return value;
}
function isRecord2(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// dist/src/node/checkpoint-file.js
var MAGIC = "PAINTERLY-CHECKPOINT";
var CHECKPOINT_FORMAT = 2;
var NEUTRAL_OPTIONS = /* @__PURE__ */ new Set(["threads", "device", "saveEvery", "checkpoint", "checkpointEvery", "resume", "maxPixels", "strength", "originalColors"]);
function checkpointPathFor(outputPath) {
  return `${outputPath}.checkpoint`;
}
async function runFingerprint(options) {
  const hash = createHash2("sha256");
  const relevant = Object.entries(options).filter(([key, value]) => !NEUTRAL_OPTIONS.has(key) && value !== void 0 && !["content", "styles", "initImage"].includes(key)).sort(([a], [b]) => a.localeCompare(b));
  hash.update(JSON.stringify(relevant));
  for (const path of [options.content, ...options.styles, ...options.initImage ? [options.initImage] : []]) {
    hash.update(createHash2("sha256").update(await fs.readFile(path)).digest());
  }
  return hash.digest("hex");
}
async function writeCheckpoint(path, fingerprint, checkpoint) {
  await writeFileAtomic(path, encodeArrayFile(MAGIC, CHECKPOINT_FORMAT, fingerprint, checkpoint));
}
var NETWORK_MARK = " network:";
function withNetworkIdentity(fingerprint, weights) {
  const hash = createHash2("sha256");
  for (const name of [...weights.layers.keys()].sort()) {
    const layer = weights.layers.get(name);
    hash.update(`${name}:${layer.inChannels}:${layer.outChannels}:${layer.kernelSize};`);
    hash.update(new Uint8Array(layer.kernel.buffer, layer.kernel.byteOffset, layer.kernel.byteLength));
    hash.update(new Uint8Array(layer.bias.buffer, layer.bias.byteOffset, layer.bias.byteLength));
  }
  return `${fingerprint}${NETWORK_MARK}${hash.digest("hex")}`;
}
function compareFingerprints(stored, expected) {
  if (stored === expected)
    return "same";
  const [storedRun, storedNetwork] = stored.split(NETWORK_MARK);
  const [expectedRun, expectedNetwork] = expected.split(NETWORK_MARK);
  if (storedRun !== expectedRun)
    return "run";
  return storedNetwork === void 0 || expectedNetwork === void 0 ? "same" : "network";
}
async function readCheckpoint(path, fingerprint) {
  const file = await readCheckpointBytes(path);
  const invalid = (reason) => new PainterlyError("CHECKPOINT_INVALID", `The checkpoint ${path} is damaged or not a Painterly checkpoint (${reason}). Delete it (rm ${JSON.stringify(path)}) and run again without resuming.`, { option: "resume" });
  const unknownFormat = (format) => new PainterlyError("CHECKPOINT_INVALID", `The checkpoint ${path} has format ${JSON.stringify(format)}, which this version of Painterly cannot read (it reads formats 1 and ${CHECKPOINT_FORMAT}; it may come from a newer version). Resume with the version that wrote it, or delete it and run again without resuming.`, { option: "resume" });
  const contents = decodeArrayFile(file, { magic: MAGIC, formats: ["1", String(CHECKPOINT_FORMAT)], formatsWithoutDigest: ["1"], invalid, unknownFormat });
  const checkpoint = contents.payload;
  const problem = findCheckpointProblem(checkpoint);
  if (problem)
    throw invalid(problem);
  const fit = compareFingerprints(contents.fingerprint, fingerprint);
  if (fit === "network") {
    throw new PainterlyError("INVALID_OPTION", `The checkpoint ${path} was made with other network weights: the network file changed since the run was interrupted. Its iterates do not fit these weights; run without resuming to start afresh (or put the original network file back).`, { option: "resume" });
  }
  if (fit === "run") {
    throw new PainterlyError("INVALID_OPTION", `The checkpoint ${path} belongs to a run with other options or images. Resume with the same options as the interrupted run (only the threads, the device, the snapshot and checkpoint intervals, the strength and original colours may change), or run without resuming to start afresh.`, { option: "resume" });
  }
  return checkpoint;
}
async function readCheckpointBytes(path) {
  try {
    return await fs.readFile(path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === "EISDIR") {
      throw new PainterlyError("CHECKPOINT_INVALID", `The checkpoint path ${path} is a directory, not a checkpoint file. Move it away, or run without resuming.`, { option: "resume" });
    }
    if (code !== "ENOENT" && code !== "ENOTDIR") {
      throw new PainterlyError("CHECKPOINT_INVALID", `Cannot read the checkpoint ${path} (${code ?? String(error)}). Check its permissions, or run without resuming.`, { cause: error, option: "resume" });
    }
    throw new PainterlyError("INVALID_OPTION", `No checkpoint at ${path} to resume from: the run finished (its checkpoint is removed once the output is written) or never reached its first checkpoint. Run again without resuming.`, { option: "resume" });
  }
}
async function removeCheckpoint(path) {
  await fs.rm(path, { force: true });
}

export {
  encodeArrayFile,
  decodeArrayFile,
  isRecord2 as isRecord,
  checkpointPathFor,
  runFingerprint,
  writeCheckpoint,
  withNetworkIdentity,
  readCheckpoint,
  removeCheckpoint
};
