import {
  runGatysScales
} from "./chunk-UWTGW7CW.js";
import {
  STYLIZE_OPTIONS
} from "./chunk-CFMQO7VZ.js";
import {
  buildFastStyleGraph,
  presetOptionsSchema
} from "./chunk-YGESDE6G.js";
import {
  FAST_STYLE_PRESETS
} from "./chunk-CD6T25GO.js";
import {
  STYLIZE_DEFAULTS,
  createRgbImage,
  flagName,
  optionKey,
  parseOptions,
  stylizeFieldName,
  stylizeOptionsSchema
} from "./chunk-RLZ7CLXZ.js";
import {
  DEVICE_OPTION,
  OUTPUT_MODE_OPTIONS,
  THREADS_OPTION
} from "./chunk-OR6FP33I.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/engine/video/warp.js
function warpImage(image, flow) {
  const { width, height } = image;
  if (flow.width !== width || flow.height !== height)
    throw new Error(`warp: a ${flow.width}\xD7${flow.height} flow for a ${width}\xD7${height} image`);
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  warpPlanes([0, 1, 2].map((c) => image.data.subarray(c * plane, (c + 1) * plane)), [0, 1, 2].map((c) => data.subarray(c * plane, (c + 1) * plane)), flow);
  return { width, height, data };
}
function warpFlow(field, along) {
  const { width, height } = field;
  if (along.width !== width || along.height !== height)
    throw new Error(`warp: a ${along.width}\xD7${along.height} flow for a ${width}\xD7${height} flow`);
  const dx = new Float32Array(width * height);
  const dy = new Float32Array(width * height);
  warpPlanes([field.dx, field.dy], [dx, dy], along);
  return { width, height, dx, dy };
}
function warpPlanes(sources, targets, flow) {
  const { width, height } = flow;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const sx = Math.min(width - 1, Math.max(0, x + flow.dx[p]));
      const sy = Math.min(height - 1, Math.max(0, y + flow.dy[p]));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = Math.min(width - 1, x0 + 1);
      const y1 = Math.min(height - 1, y0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const i00 = y0 * width + x0;
      const i01 = y0 * width + x1;
      const i10 = y1 * width + x0;
      const i11 = y1 * width + x1;
      for (let k = 0; k < sources.length; k++) {
        const source = sources[k];
        targets[k][p] = w00 * source[i00] + w01 * source[i01] + w10 * source[i10] + w11 * source[i11];
      }
    }
  }
}

// dist/src/engine/video/consistency.js
function consistencyWeights(backward, forward) {
  const { width, height } = backward;
  if (forward.width !== width || forward.height !== height)
    throw new Error(`consistency: flows of ${width}\xD7${height} and ${forward.width}\xD7${forward.height}`);
  const weights = new Float32Array(width * height);
  const { dx: u, dy: v } = backward;
  const forwardThere = warpFlow(forward, backward);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const tx = x + u[p];
      const ty = y + v[p];
      if (tx < 0 || ty < 0 || tx > width - 1 || ty > height - 1)
        continue;
      const fu = forwardThere.dx[p];
      const fv = forwardThere.dy[p];
      const sumU = u[p] + fu;
      const sumV = v[p] + fv;
      const magnitude = u[p] * u[p] + v[p] * v[p];
      if (sumU * sumU + sumV * sumV > 0.01 * (magnitude + fu * fu + fv * fv) + 0.5)
        continue;
      const left = x > 0 ? p - 1 : p;
      const right = x < width - 1 ? p + 1 : p;
      const up = y > 0 ? p - width : p;
      const down = y < height - 1 ? p + width : p;
      const spanX = right - left === 2 ? 2 : 1;
      const spanY = down - up === 2 * width ? 2 : 1;
      const ux = (u[right] - u[left]) / spanX;
      const vx = (v[right] - v[left]) / spanX;
      const uy = (u[down] - u[up]) / spanY;
      const vy = (v[down] - v[up]) / spanY;
      if (ux * ux + uy * uy + vx * vx + vy * vy > 0.01 * magnitude + 2e-3)
        continue;
      weights[p] = 1;
    }
  }
  return weights;
}

// dist/src/engine/video/shot-cut.js
var SHOT_CUT_HISTOGRAM_BINS = 32;
var SHOT_CUT_HISTOGRAM_DISTANCE = 0.5;
var SHOT_CUT_MIN_CONSISTENT_SHARE = 0.3;
function lumaHistogram(image, bins = SHOT_CUT_HISTOGRAM_BINS) {
  const plane = image.width * image.height;
  const histogram = new Float64Array(bins);
  const { data } = image;
  for (let p = 0; p < plane; p++) {
    const luma = 0.299 * data[p] + 0.587 * data[plane + p] + 0.114 * data[2 * plane + p];
    histogram[Math.min(bins - 1, Math.max(0, Math.floor(luma / 256 * bins)))] += 1 / plane;
  }
  return histogram;
}
function histogramDistance(a, b) {
  const ha = lumaHistogram(a);
  const hb = lumaHistogram(b);
  let distance = 0;
  for (let k = 0; k < ha.length; k++)
    distance += Math.abs(ha[k] - hb[k]);
  return distance;
}
function isHistogramCut(previous, current) {
  return histogramDistance(previous, current) > SHOT_CUT_HISTOGRAM_DISTANCE;
}

// dist/src/engine/video/motion.js
async function compensateMotion(flow, images) {
  const backward = await flow.estimate(images.frame, images.previousFrame);
  const forward = await flow.estimate(images.previousFrame, images.frame);
  const pixelWeights = consistencyWeights(backward, forward);
  let sum = 0;
  for (let p = 0; p < pixelWeights.length; p++)
    sum += pixelWeights[p];
  const consistentShare = sum / pixelWeights.length;
  return { warped: warpImage(images.previousResult, backward), pixelWeights, consistentShare, isCut: consistentShare < SHOT_CUT_MIN_CONSISTENT_SHARE };
}
function blendWithPrevious(stylized, motion, blend) {
  const plane = stylized.width * stylized.height;
  const data = new Float32Array(stylized.data.length);
  const previous = motion.warped.data;
  for (let k = 0; k < data.length; k++) {
    const mix = blend * motion.pixelWeights[k % plane];
    data[k] = stylized.data[k] + mix * (previous[k] - stylized.data[k]);
  }
  return { width: stylized.width, height: stylized.height, data };
}

// dist/src/engine/video/coherent-quality.js
var DEFAULT_TEMPORAL_WEIGHT = 200;
var DEFAULT_LATER_ITERATIONS_SHARE = 0.12;
var REJECTED_PIXEL_TRUST = 1e-3;
function createQualityFrameStylizer(spec, restored = {}) {
  if (!spec.independent && !spec.flow)
    throw new Error("a coherent quality stylizer needs a flow estimator");
  let previousFrame = restored.previousFrame;
  let previousResult = restored.previousResult;
  const optimize = async (frame, start) => {
    const iterations = start ? spec.laterIterations : spec.settings.iterations;
    const settings = start ? { ...spec.settings, iterations, init: "image", averageIterates: false } : { ...spec.settings, averageIterates: false };
    const scale = { width: frame.width, height: frame.height, iterations };
    const images = {
      content: frame,
      styles: spec.styles,
      initImage: start?.init,
      temporal: start && spec.temporalWeight > 0 ? { image: start.warped, pixelWeights: withTrustFloor(start.pixelWeights), weight: spec.temporalWeight } : void 0
    };
    return runGatysScales({ runtime: spec.runtime, weights: spec.weights, scales: [scale], source: async () => images, settings }, { onProgress: spec.onProgress, signal: spec.signal });
  };
  return {
    async stylize(frame) {
      let result;
      if (spec.independent || !previousFrame || !previousResult || isHistogramCut(previousFrame, frame)) {
        result = { image: await optimize(frame), shotStart: spec.independent ? previousFrame === void 0 : true };
      } else {
        const motion = await compensateMotion(spec.flow, { previousFrame, frame, previousResult });
        result = motion.isCut ? { image: await optimize(frame), shotStart: true } : { image: await optimize(frame, { init: motion.warped, warped: motion.warped, pixelWeights: motion.pixelWeights }), shotStart: false, consistentShare: motion.consistentShare };
      }
      previousFrame = frame;
      previousResult = result.image;
      return result;
    },
    state: () => ({ previousFrame, previousResult }),
    release: async () => void 0
  };
}
function withTrustFloor(pixelWeights, floor = REJECTED_PIXEL_TRUST) {
  return pixelWeights.map((c) => floor + (1 - floor) * c);
}

// dist/src/engine/video/coherent-preset.js
var DEFAULT_PRESET_BLEND = 0.7;
var STATISTICS_RATE = 1;
function createPresetFrameStylizer(runtime, checkpoint, size, options, restored = {}) {
  if (!options.independent && !options.flow)
    throw new Error("a coherent preset stylizer needs a flow estimator");
  let previousFrame = restored.previousFrame;
  let previousResult = restored.previousResult;
  let statistics = restored.statistics;
  let network;
  const averaging = !options.independent && (options.statisticsRate ?? STATISTICS_RATE) < 1;
  const run = async (frame, rate) => {
    if (!network) {
      const graph2 = buildFastStyleGraph(checkpoint, { ...size, normalization: averaging ? { kind: "running" } : { kind: "instance" } });
      network = { graph: graph2, session: await runtime.createSession(graph2.model) };
    }
    const { graph, session } = network;
    const feeds = { [graph.inputName]: { data: frame.data, dims: graph.dims } };
    if (graph.rateInput)
      feeds[graph.rateInput] = { data: Float32Array.of(rate), dims: [1] };
    graph.statisticsInputs.forEach((input, layer) => {
      const channels = checkpoint.layers[layer].spec.outChannels;
      const before = rate < 1 ? statistics[layer] : { mean: new Float32Array(channels), variance: new Float32Array(channels) };
      feeds[input.mean] = { data: before.mean, dims: [1, channels, 1, 1] };
      feeds[input.variance] = { data: before.variance, dims: [1, channels, 1, 1] };
    });
    const outputs = await session.run(feeds);
    if (averaging)
      statistics = graph.statisticsOutputs.map(({ mean, variance }) => ({ mean: outputs[mean].data, variance: outputs[variance].data }));
    return createRgbImage(size.width, size.height, outputs[graph.outputName].data);
  };
  return {
    async stylize(frame) {
      let result;
      if (options.independent) {
        result = { image: await run(frame, 1), shotStart: previousFrame === void 0 };
      } else if (!previousFrame || !previousResult || averaging && !statistics || isHistogramCut(previousFrame, frame)) {
        result = { image: await run(frame, 1), shotStart: true };
      } else {
        const motion = await compensateMotion(options.flow, { previousFrame, frame, previousResult });
        if (motion.isCut)
          result = { image: await run(frame, 1), shotStart: true };
        else
          result = { image: blendWithPrevious(await run(frame, options.statisticsRate ?? STATISTICS_RATE), motion, options.blend), shotStart: false, consistentShare: motion.consistentShare };
      }
      previousFrame = frame;
      previousResult = result.image;
      return result;
    },
    state: () => ({ previousFrame, previousResult, statistics }),
    async release() {
      await network?.session.release();
      network = void 0;
    }
  };
}

// dist/src/options/video-schema.js
import { z } from "zod";
var DEFAULT_PRESET_VIDEO_SIZE_PX = 1280;
var DEFAULT_SEGMENT_FRAMES = 24;
var DEFAULT_FLOW_SIZE_PX = 320;
var nonNegative = z.number().finite().min(0);
var videoOptionsSchema = z.object({
  input: z.string().min(1),
  output: z.string().min(1),
  /** Long side of the output in px (even sizes: rounded down to even). */
  size: z.number().int().min(32).max(8192).optional(),
  start: nonNegative.default(0),
  duration: z.number().finite().positive().optional(),
  /** A constant output frame rate (needed for variable-rate input). */
  fps: z.number().finite().positive().max(240).optional(),
  independent: z.boolean().default(false),
  resume: z.boolean().default(false),
  blend: z.number().min(0).max(0.95).default(DEFAULT_PRESET_BLEND),
  /** Weight of each new frame in the running average of a preset's norm statistics (1: each frame its own). */
  normRate: z.number().min(0.01).max(1).default(STATISTICS_RATE),
  temporalWeight: nonNegative.default(DEFAULT_TEMPORAL_WEIGHT),
  laterIterations: z.number().int().min(0).max(1e6).optional(),
  flowSize: z.number().int().min(32).max(4096).default(DEFAULT_FLOW_SIZE_PX),
  segmentFrames: z.number().int().min(1).max(1e5).default(DEFAULT_SEGMENT_FRAMES)
});
var VIDEO_FIELDS = new Set(Object.keys(videoOptionsSchema.shape));
var PRESET_FIELDS = new Set(Object.keys(presetOptionsSchema.shape).filter((field) => field !== "content" && field !== "size"));
function parseVideoOptions(input, nameOf = optionKey) {
  if (isValidatedVideoOptions(input))
    return input;
  const own = {};
  const engine = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === void 0)
      continue;
    (VIDEO_FIELDS.has(field) ? own : engine)[field] = value;
  }
  const video = parseOptions(videoOptionsSchema, own, nameOf);
  const hasModel = engine.model !== void 0;
  const hasStyles = Array.isArray(engine.styles) && engine.styles.length > 0;
  if (hasModel === hasStyles) {
    throw new PainterlyError("INVALID_OPTION", hasModel ? `Expected either ${nameOf("model")} or ${nameOf("styles")} but received both. A preset paints in its own style; drop ${nameOf("styles")}, or drop ${nameOf("model")} to use the quality engine.` : `Expected a preset (${nameOf("model")} NAME, e.g. udnie) or painting(s) (${nameOf("styles")} IMAGE) but received neither. Run \`painterly video --help\` for examples.`, { option: hasModel ? "styles" : "model" });
  }
  if (hasModel) {
    const misplaced = Object.keys(engine).filter((field) => !PRESET_FIELDS.has(field));
    if (misplaced.length > 0 || own.temporalWeight !== void 0 || own.laterIterations !== void 0) {
      const fields = [...misplaced, ...own.temporalWeight !== void 0 ? ["temporalWeight"] : [], ...own.laterIterations !== void 0 ? ["laterIterations"] : []].map(nameOf);
      throw new PainterlyError("INVALID_OPTION", `${fields.join(", ")} ${fields.length === 1 ? "belongs" : "belong"} to the quality engine, not to presets (${nameOf("model")}). Drop ${fields.length === 1 ? "it" : "them"}, or use ${nameOf("styles")} IMAGE instead of ${nameOf("model")}.`, { option: misplaced[0] ?? (own.temporalWeight !== void 0 ? "temporalWeight" : "laterIterations") });
    }
    const options2 = parseOptions(presetOptionsSchema, { ...engine, content: video.input }, nameOf);
    return { ...video, engine: { kind: "preset", options: options2 } };
  }
  for (const field of ["blend", "normRate"]) {
    if (own[field] !== void 0)
      throw new PainterlyError("INVALID_OPTION", `${nameOf(field)} belongs to presets (${nameOf("model")}); the quality engine keeps frames coherent with ${nameOf("temporalWeight")}.`, { option: field });
  }
  const options = parseOptions(stylizeOptionsSchema, { ...engine, ...video.size !== void 0 ? { size: video.size } : {}, content: video.input, scales: "single" }, (field) => field === "content" ? "the input video" : nameOf === flagName ? stylizeFieldName(field) : nameOf(field));
  const laterIterations = video.laterIterations ?? Math.max(1, Math.round(options.iterations * DEFAULT_LATER_ITERATIONS_SHARE));
  return { ...video, engine: { kind: "quality", options, laterIterations } };
}
function isValidatedVideoOptions(input) {
  const engine = input.engine;
  return typeof engine === "object" && engine !== null && "kind" in engine && "options" in engine;
}

// dist/src/cli/commands/video-options.js
var fromStylize = (field, group, changes = {}) => {
  const spec = STYLIZE_OPTIONS.find((candidate) => candidate.field === field);
  if (!spec)
    throw new Error(`stylize has no option ${field}`);
  return { ...spec, group, ...changes };
};
var VIDEO = "Video";
var PRESET = "Fast presets: --model PRESET";
var BOTH = "Both engines";
var QUALITY = "Quality engine: --style IMAGE (Gatys et al., coherent after Ruder et al.)";
var VIDEO_OPTIONS = [
  { flag: "output", field: "output", kind: "string", short: "o", placeholder: "FILE", group: VIDEO, description: "Where to write the video: .mp4, .m4v, .mov, .mkv (H.264) or .webm (VP9). Written atomically when the last frame is done; never over the input.", defaultText: "INPUT-painted.mp4 in the current directory" },
  { flag: "size", field: "size", kind: "number", placeholder: "PX", group: VIDEO, description: "Long side of the output in pixels (the aspect ratio is kept; sizes are rounded down to even numbers).", defaultText: `presets: the input's, at most ${DEFAULT_PRESET_VIDEO_SIZE_PX}; quality: ${STYLIZE_DEFAULTS.size}` },
  { flag: "start", field: "start", kind: "number", placeholder: "S", group: VIDEO, description: "Take the clip from S seconds.", defaultText: "0" },
  { flag: "duration", field: "duration", kind: "number", placeholder: "S", group: VIDEO, description: "Take S seconds of the clip.", defaultText: "to the end" },
  { flag: "fps", field: "fps", kind: "number", placeholder: "N", group: VIDEO, description: "Constant output frame rate (frames are repeated or dropped to keep time); needed for clips with a variable frame rate.", defaultText: "the input's" },
  { flag: "independent", field: "independent", kind: "boolean", group: VIDEO, description: "Paint every frame on its own, with no flow and no temporal coherence (it flickers; for comparison)." },
  { flag: "resume", field: "resume", kind: "boolean", group: VIDEO, description: "Continue an interrupted run after its last saved segment. Give the same command plus --resume (only --threads and --device may change)." },
  { flag: "checkpoint-every", field: "segmentFrames", kind: "number", placeholder: "FRAMES", group: VIDEO, description: "Save the finished frames (an encoded segment) and a resumable checkpoint every FRAMES frames. Counted in frames here; stylize's --checkpoint-every counts iterations.", defaultText: String(DEFAULT_SEGMENT_FRAMES) },
  { flag: "flow-size", field: "flowSize", kind: "number", placeholder: "PX", group: VIDEO, description: "The optical flow (OpenCV Farneb\xE4ck, forward and backward) is computed with the long side scaled to PX, then scaled to the frame.", defaultText: String(DEFAULT_FLOW_SIZE_PX) },
  fromStylize("model", PRESET, { description: `Paint with a pretrained fast-style preset (${FAST_STYLE_PRESETS.join(", ")}; \`painterly models list\`). Each frame is blended with the previous one along the optical flow.` }),
  { flag: "blend", field: "blend", kind: "number", placeholder: "0..0.95", group: PRESET, description: "Share of the previous painted frame (moved along the flow) kept in each pixel whose motion is reliable: higher is steadier, lower follows the preset's own strokes more closely.", defaultText: String(DEFAULT_PRESET_BLEND) },
  { flag: "norm-rate", field: "normRate", kind: "number", placeholder: "0.01..1", group: PRESET, description: "Weight of each new frame in a running average of the preset's norm statistics over the shot: 1 takes every frame's own (measured best on the test clips, docs/video.md); lower holds the tone steadier but lags moving content.", defaultText: String(STATISTICS_RATE) },
  fromStylize("styles", QUALITY),
  fromStylize("styleBlendWeights", QUALITY),
  fromStylize("network", QUALITY),
  fromStylize("weights", QUALITY),
  fromStylize("iterations", QUALITY, { description: "Optimization steps of the first frame of each shot.", defaultText: "500" }),
  { flag: "later-iterations", field: "laterIterations", kind: "number", placeholder: "N", group: QUALITY, description: "Steps of every later frame, which starts from the previous result moved along the flow.", defaultText: `${DEFAULT_LATER_ITERATIONS_SHARE} \xD7 --iterations` },
  { flag: "temporal-weight", field: "temporalWeight", kind: "number", placeholder: "\u03B3", group: QUALITY, description: "Weight of the temporal cost (1/D)\xB7\u03A3 c\xB7(x \u2212 warped previous)\xB2, where c = 0 at occlusions and motion boundaries; 0 keeps only the warped start.", defaultText: String(DEFAULT_TEMPORAL_WEIGHT) },
  fromStylize("contentWeight", QUALITY),
  fromStylize("styleWeight", QUALITY),
  fromStylize("tvWeight", QUALITY),
  fromStylize("contentLayers", QUALITY),
  fromStylize("styleLayers", QUALITY),
  fromStylize("styleLayerWeights", QUALITY),
  fromStylize("pooling", QUALITY),
  fromStylize("init", QUALITY, { placeholder: "noise|content", description: "Start of the first frame of a shot (later frames start from the previous result)." }),
  fromStylize("optimizer", QUALITY),
  fromStylize("learningRate", QUALITY),
  fromStylize("seed", QUALITY),
  fromStylize("styleScale", QUALITY),
  fromStylize("maxMemory", QUALITY),
  fromStylize("strength", BOTH),
  fromStylize("originalColors", BOTH),
  THREADS_OPTION,
  DEVICE_OPTION,
  ...OUTPUT_MODE_OPTIONS
];

export {
  createPresetFrameStylizer,
  createQualityFrameStylizer,
  DEFAULT_PRESET_VIDEO_SIZE_PX,
  parseVideoOptions,
  VIDEO_OPTIONS
};
