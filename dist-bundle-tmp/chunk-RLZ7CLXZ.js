import {
  NETWORKS,
  NETWORK_IDS,
  NEURAL_STYLE_COST_WEIGHTS,
  NEURAL_STYLE_LAYERS,
  PREPROCESSING_NAMES,
  deviceSchema,
  isNetworkId
} from "./chunk-YB37QKVG.js";
import {
  describeLayerNames
} from "./chunk-GYDWO5CP.js";
import {
  PainterlyError,
  invalidOption,
  invalidValue
} from "./chunk-ELBWPZQG.js";

// dist/src/options/describe-issue.js
var TYPE_WORDS = {
  string: "a text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  nan: "a number"
};
function describeIssue(issue) {
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "array")
        return Number(issue.minimum) === 1 ? "at least one value" : `at least ${issue.minimum} values`;
      if (issue.origin === "string")
        return Number(issue.minimum) === 1 ? "a non-empty text" : `at least ${issue.minimum} characters`;
      return `a number ${issue.inclusive ? "\u2265" : ">"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array")
        return `at most ${issue.maximum} values`;
      if (issue.origin === "string")
        return `at most ${issue.maximum} characters`;
      return `a number ${issue.inclusive ? "\u2264" : "<"} ${issue.maximum}`;
    case "invalid_type":
      return TYPE_WORDS[issue.expected] ?? `a value of type ${issue.expected}`;
    case "invalid_value":
      return `one of ${issue.values.map((value) => String(value)).join(", ")}`;
    case "invalid_union": {
      if (issue.message && !issue.message.startsWith("Invalid"))
        return issue.message;
      const options = issue.options;
      return Array.isArray(options) && options.length > 0 ? `one of ${options.map((value) => String(value)).join(", ")}` : "one of the accepted forms";
    }
    case "invalid_format":
      return issue.format === "regex" ? "a value in the accepted format" : `a value in the format ${issue.format}`;
    case "unrecognized_keys":
      return `no field ${issue.keys.join(", ")}`;
    case "not_multiple_of":
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

// dist/src/options/parse-options.js
var optionKey = (field) => field;
var flagName = (field) => `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
function parseOptions(schema, input, nameOf = flagName) {
  const result = schema.safeParse(input);
  if (result.success)
    return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? "options");
    const received = issue.path.reduce((value, key) => value !== null && typeof value === "object" ? value[key] : void 0, input);
    return `Expected ${describeIssue(issue)} for ${nameOf(field)} but received ${showValue(received)}.`;
  });
  const first = result.error.issues[0]?.path[0];
  throw new PainterlyError("INVALID_OPTION", lines.join("\n"), first === void 0 ? {} : { option: String(first) });
}
function showValue(value) {
  if (value === void 0)
    return "nothing";
  if (typeof value === "string")
    return JSON.stringify(value);
  if (Array.isArray(value))
    return value.length === 0 ? "nothing" : value.map((item) => showValue(item)).join(",");
  return String(value);
}

// dist/src/engine/image.js
function createRgbImage(width, height, data) {
  assertDimension(width, "width");
  assertDimension(height, "height");
  const expectedLength = 3 * width * height;
  if (data !== void 0 && data.length !== expectedLength) {
    throw invalidValue(`${expectedLength} values (3 \xD7 ${width} \xD7 ${height})`, "RGB image data", `${data.length} values`);
  }
  return { width, height, data: data ?? new Float32Array(expectedLength) };
}
function assertDecodedImage(image) {
  createRgbImage(image.rgb.width, image.rgb.height, image.rgb.data);
  const pixelCount = image.rgb.width * image.rgb.height;
  if (image.alpha !== void 0 && image.alpha.length !== pixelCount) {
    throw invalidValue(`${pixelCount} alpha values (one per pixel)`, "alpha plane", `${image.alpha.length} values`);
  }
}
function assertSameSize(a, b, what) {
  if (a.width !== b.width || a.height !== b.height) {
    throw new PainterlyError("INVALID_OPTION", `Expected ${what} to have the same size but received ${a.width}\xD7${a.height} and ${b.width}\xD7${b.height}. Resize one to match the other.`);
  }
}
function fitLongSide(width, height, longSidePx) {
  assertDimension(width, "width");
  assertDimension(height, "height");
  assertDimension(longSidePx, "longSidePx");
  const scale = longSidePx / Math.max(width, height);
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale))
  };
}
function fromInterleaved(samples, width, height, channels, scale = 1) {
  const pixelCount = width * height;
  if (![1, 2, 3, 4].includes(channels) || samples.length !== pixelCount * channels) {
    throw invalidValue(`1\u20134 channels and ${width} \xD7 ${height} \xD7 channels samples`, "interleaved pixels", `${channels} channels, ${samples.length} samples`);
  }
  const rgb = createRgbImage(width, height);
  const colourChannels = channels >= 3 ? 3 : 1;
  const alpha = channels === 2 || channels === 4 ? new Float32Array(pixelCount) : void 0;
  for (let pixel = 0; pixel < pixelCount; pixel += 1) {
    const base = pixel * channels;
    for (let channel = 0; channel < 3; channel += 1) {
      rgb.data[channel * pixelCount + pixel] = samples[base + (colourChannels === 3 ? channel : 0)] * scale;
    }
    if (alpha)
      alpha[pixel] = samples[base + channels - 1] * scale;
  }
  return alpha ? { rgb, alpha } : { rgb };
}
function toInterleaved(image, bitDepth) {
  assertDecodedImage(image);
  const { rgb, alpha } = image;
  const pixelCount = rgb.width * rgb.height;
  const channels = alpha ? 4 : 3;
  const maxValue = bitDepth === 8 ? 255 : 65535;
  const scale = maxValue / 255;
  const out = bitDepth === 8 ? new Uint8Array(pixelCount * channels) : new Uint16Array(pixelCount * channels);
  const quantize = (value) => Math.min(maxValue, Math.max(0, Math.round(value * scale)));
  for (let pixel = 0; pixel < pixelCount; pixel += 1) {
    const base = pixel * channels;
    for (let channel = 0; channel < 3; channel += 1)
      out[base + channel] = quantize(rgb.data[channel * pixelCount + pixel]);
    if (alpha)
      out[base + 3] = quantize(alpha[pixel]);
  }
  return out;
}
function assertDimension(value, name) {
  if (!Number.isInteger(value) || value < 1) {
    throw invalidValue("a positive integer", name, value);
  }
}

// dist/src/engine/gatys/scale-schedule.js
var SCALE_MODES = ["auto", "single"];
var MULTI_SCALE_ABOVE = 256;
var DEFAULT_MIN_SCALE = 128;
var SCALE_FACTOR = Math.SQRT2;
var ITERATION_DECAY = 0.6;
var MIN_LAST_STEP = 1.15;
function planScales(request) {
  const { width, height, iterations } = request;
  const longSide = Math.max(width, height);
  if (request.mode === "single" || longSide <= MULTI_SCALE_ABOVE || iterations === 0)
    return [{ width, height, iterations }];
  const sizes = [];
  for (let side = request.minScale; side * MIN_LAST_STEP < longSide; side *= SCALE_FACTOR) {
    const size = fitLongSide(width, height, Math.round(side));
    if (Math.min(size.width, size.height) >= request.minShortSide)
      sizes.push(size);
  }
  sizes.push({ width, height });
  const kept = sizes.slice(Math.max(0, sizes.length - iterations));
  const counts = splitIterations(iterations, kept.length);
  return kept.map((size, index) => ({ ...size, iterations: counts[index] }));
}
function splitIterations(total, parts) {
  const shares = Array.from({ length: parts }, (_, index) => ITERATION_DECAY ** index);
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((share) => total * share / sum);
  const counts = exact.map((value) => Math.max(1, Math.floor(value)));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder);
  for (let k = 0; left > 0; k = (k + 1) % parts, left--)
    counts[byRemainder[k].index] += 1;
  for (let index = 0; left < 0; index = (index + 1) % parts) {
    if (counts[index] > 1) {
      counts[index] -= 1;
      left += 1;
    }
  }
  return counts;
}

// dist/src/engine/network/types.js
var POOLING_KINDS = ["avg", "max"];

// dist/src/options/network-choice.js
var DEFAULT_NETWORK = "vgg19";
var RANDOM = /^random(?::(\d+))?$/;
var CHOICES = `${NETWORK_IDS.join(", ")}, a name from \`painterly models import\`, or the path of a VGG19/VGG16 weights file (.pth, .safetensors, Keras .h5/.keras, Caffe .caffemodel) or a TF.js model.json`;
var VGG16_NAME = /vgg[-_]?16|ilsvrc_16/i;
function chooseNetwork(network, weights, preprocessing) {
  const choice = chooseSource(network, weights);
  if (preprocessing === void 0)
    return choice;
  if (choice.kind !== "file" || choice.format !== "vgg-file") {
    throw invalidOption(`no preprocessing unless the network is a VGG weights file (.pth, .safetensors, .h5: ${choice.kind === "file" ? "a TF.js model" : `the ${choice.family} network`} has its own)`, "--preprocessing", preprocessing);
  }
  return { ...choice, preprocessing };
}
function chooseSource(network, weights) {
  if (weights !== void 0 && weights.startsWith("random")) {
    const match = RANDOM.exec(weights);
    if (!match)
      throw invalidOption("random or random:SEED (SEED a whole number)", "weights", weights);
    const family2 = network === void 0 ? DEFAULT_NETWORK : familyOf(network, "network");
    return { kind: "random", family: family2, seed: Number(match[1] ?? 0) };
  }
  if (network !== void 0 && weights !== void 0 && weights !== network) {
    throw invalidOption(`either a network or weights (they name the same thing unless the weights are random[:SEED]); the network is ${JSON.stringify(network)}`, "weights", weights);
  }
  const spec = network ?? weights ?? DEFAULT_NETWORK;
  const option = network !== void 0 ? "network" : "weights";
  if (isNetworkId(spec))
    return { kind: "store", family: spec };
  const family = familyOf(spec, option);
  return family === "darknet-tiny" ? { kind: "file", family, format: "tfjs-layers", path: spec } : { kind: "file", family, format: "vgg-file", path: spec };
}
function networkEntryOf(choice) {
  return NETWORKS[choice.family];
}
function familyOf(spec, option) {
  if (isNetworkId(spec))
    return spec;
  if (!/[./\\]/.test(spec))
    throw invalidOption(CHOICES, option, spec);
  if (/\.json$/i.test(spec))
    return "darknet-tiny";
  return VGG16_NAME.test(spec.split(/[\\/]/).at(-1)) ? "vgg16" : "vgg19";
}

// dist/src/options/recipes.js
var RECIPE_NAMES = ["neural-style"];
var RECIPES = Object.freeze({
  "neural-style": {
    summary: "jcjohnson/neural-style's default run: VGG19, L-BFGS 1000 steps at one scale, its weights and TV",
    network: "vgg19",
    contentLayers: ["conv4_2"],
    styleLayers: NEURAL_STYLE_LAYERS,
    // content 5 and style 100 in this project's units: α = 20, β = 0.09765625 (neural-style-weights.ts).
    contentWeight: NEURAL_STYLE_COST_WEIGHTS.content,
    styleWeight: NEURAL_STYLE_COST_WEIGHTS.style,
    tvSumWeight: 1e-3,
    pooling: "max",
    init: "gray",
    optimizer: "lbfgs",
    learningRate: 1,
    iterations: 1e3,
    scales: "single",
    styleLoss: "gram",
    styleBalance: false
  }
});
function recipeFits(recipe, network) {
  if (network === recipe.network)
    return true;
  const widthOf = (id, layer) => NETWORKS[id].table.layers.find((spec) => spec.name === layer)?.outChannels;
  const layers = [...recipe.contentLayers, ...recipe.styleLayers.map((entry) => entry.layer)];
  return layers.every((layer) => widthOf(network, layer) !== void 0 && widthOf(network, layer) === widthOf(recipe.network, layer));
}

// dist/src/engine/gatys/types.js
var STYLE_LOSS_KINDS = ["gram", "w2"];

// dist/src/engine/optimizers/types.js
function resolveClampRange(options) {
  const { learningRate, clampMin = -Infinity, clampMax = Infinity } = options;
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw invalidOption("a finite number above 0", "learningRate", learningRate);
  }
  if (Number.isNaN(clampMin))
    throw invalidOption("a number", "clampMin", clampMin);
  if (Number.isNaN(clampMax))
    throw invalidOption("a number", "clampMax", clampMax);
  if (clampMin > clampMax) {
    throw invalidOption(`a number at least clampMin (${clampMin})`, "clampMax", clampMax);
  }
  return [clampMin, clampMax];
}
function checkStepSizes(name, size, params, gradient) {
  if (params.length !== size || gradient.length !== size) {
    throw new PainterlyError("ENGINE_FAILED", `The ${name} optimizer was made for ${size} values but step() received ${params.length} params and ${gradient.length} gradient values; create one optimizer per image size.`);
  }
}
function expectState(state, name, size) {
  if (state.name !== name || state.size !== size) {
    throw invalidValue(`a ${name} optimizer state for ${size} values`, "state", `${state.name} state for ${state.size} values`);
  }
  return state;
}

// dist/src/engine/optimizers/adam.js
var ADAM_DEFAULTS = Object.freeze({ learningRate: 2, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
var AdamOptimizer = class {
  name = "adam";
  learningRate;
  beta1;
  beta2;
  epsilon;
  clampMin;
  clampMax;
  firstMoment;
  secondMoment;
  stepCount = 0;
  size;
  constructor(size, options = {}) {
    this.size = size;
    this.learningRate = options.learningRate ?? ADAM_DEFAULTS.learningRate;
    [this.clampMin, this.clampMax] = resolveClampRange({ ...options, learningRate: this.learningRate });
    this.beta1 = checkUnitInterval(options.beta1 ?? ADAM_DEFAULTS.beta1, "beta1");
    this.beta2 = checkUnitInterval(options.beta2 ?? ADAM_DEFAULTS.beta2, "beta2");
    this.epsilon = options.epsilon ?? ADAM_DEFAULTS.epsilon;
    if (!(this.epsilon >= 0))
      throw invalidOption("a number at least 0", "epsilon", this.epsilon);
    this.firstMoment = new Float32Array(size);
    this.secondMoment = new Float32Array(size);
  }
  step(params, gradient, _loss) {
    checkStepSizes(this.name, this.size, params, gradient);
    this.stepCount += 1;
    const { beta1, beta2, epsilon, clampMin, clampMax, firstMoment, secondMoment } = this;
    const stepSize = this.learningRate / (1 - beta1 ** this.stepCount);
    const secondCorrectionRoot = Math.sqrt(1 - beta2 ** this.stepCount);
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i];
      const m = beta1 * firstMoment[i] + (1 - beta1) * g;
      const v = beta2 * secondMoment[i] + (1 - beta2) * g * g;
      firstMoment[i] = m;
      secondMoment[i] = v;
      const updated = params[i] - stepSize * m / (Math.sqrt(v) / secondCorrectionRoot + epsilon);
      params[i] = updated < clampMin ? clampMin : updated > clampMax ? clampMax : updated;
    }
  }
  state() {
    return {
      name: this.name,
      size: this.size,
      stepCount: this.stepCount,
      firstMoment: this.firstMoment.slice(),
      secondMoment: this.secondMoment.slice()
    };
  }
  restore(state) {
    const adamState = expectState(state, this.name, this.size);
    this.stepCount = adamState.stepCount;
    this.firstMoment = Float32Array.from(adamState.firstMoment);
    this.secondMoment = Float32Array.from(adamState.secondMoment);
  }
};
function checkUnitInterval(value, name) {
  if (!(value >= 0 && value < 1))
    throw invalidOption("a number in [0, 1)", name, value);
  return value;
}

// dist/src/engine/optimizers/lbfgs.js
var LBFGS_DEFAULTS = Object.freeze({
  learningRate: 1,
  historySize: 100,
  /** ‖g‖∞ at or below this counts as converged: no step. */
  gradientTolerance: 1e-7,
  /** gᵀd above −this is not a descent direction. */
  descentTolerance: 1e-9,
  /** yᵀs at or below this is not stored as a curvature pair. */
  curvatureTolerance: 1e-10
});
var LbfgsOptimizer = class {
  name = "lbfgs";
  size;
  learningRate;
  historySize;
  clampMin;
  clampMax;
  stepHistory = [];
  gradientChangeHistory = [];
  inverseCurvatures = [];
  hessianScale = 1;
  previousParams = null;
  previousGradient = null;
  stepCount = 0;
  direction;
  constructor(size, options = {}) {
    this.size = size;
    this.learningRate = options.learningRate ?? LBFGS_DEFAULTS.learningRate;
    [this.clampMin, this.clampMax] = resolveClampRange({ ...options, learningRate: this.learningRate });
    this.historySize = options.historySize ?? LBFGS_DEFAULTS.historySize;
    if (!(Number.isInteger(this.historySize) && this.historySize >= 1)) {
      throw invalidOption("an integer at least 1", "historySize", this.historySize);
    }
    this.direction = new Float64Array(size);
  }
  step(params, gradient, _loss) {
    checkStepSizes(this.name, this.size, params, gradient);
    const { maxAbs, sumAbs } = norms(gradient);
    if (!Number.isFinite(sumAbs)) {
      throw new PainterlyError("ENGINE_FAILED", "L-BFGS received a gradient that is not finite; try a smaller learning rate or Adam.");
    }
    if (maxAbs <= LBFGS_DEFAULTS.gradientTolerance)
      return;
    this.stepCount += 1;
    if (this.previousParams && this.previousGradient)
      this.rememberCurvature(params, gradient);
    let stepLength = this.learningRate;
    if (this.stepHistory.length === 0 || !this.computeDirection(gradient)) {
      this.forgetCurvature();
      for (let i = 0; i < gradient.length; i++)
        this.direction[i] = -gradient[i];
      stepLength = Math.min(1, 1 / sumAbs) * this.learningRate;
    }
    this.previousParams = copyInto(this.previousParams, params);
    this.previousGradient = copyInto(this.previousGradient, gradient);
    const { direction, clampMin, clampMax } = this;
    for (let i = 0; i < params.length; i++) {
      const updated = params[i] + stepLength * direction[i];
      params[i] = updated < clampMin ? clampMin : updated > clampMax ? clampMax : updated;
    }
  }
  state() {
    return {
      name: this.name,
      size: this.size,
      stepCount: this.stepCount,
      stepHistory: this.stepHistory.map((s) => s.slice()),
      gradientChangeHistory: this.gradientChangeHistory.map((y) => y.slice()),
      inverseCurvatures: [...this.inverseCurvatures],
      hessianScale: this.hessianScale,
      previousParams: this.previousParams?.slice() ?? null,
      previousGradient: this.previousGradient?.slice() ?? null
    };
  }
  restore(state) {
    const lbfgsState = expectState(state, this.name, this.size);
    const pairs = lbfgsState.stepHistory.length;
    if (pairs > this.historySize || lbfgsState.gradientChangeHistory.length !== pairs || lbfgsState.inverseCurvatures.length !== pairs) {
      throw invalidValue(`an L-BFGS state with at most ${this.historySize} complete pairs`, "state", `${pairs} pairs`);
    }
    this.stepCount = lbfgsState.stepCount;
    this.stepHistory = lbfgsState.stepHistory.map((s) => Float32Array.from(s));
    this.gradientChangeHistory = lbfgsState.gradientChangeHistory.map((y) => Float32Array.from(y));
    this.inverseCurvatures = [...lbfgsState.inverseCurvatures];
    this.hessianScale = lbfgsState.hessianScale;
    this.previousParams = lbfgsState.previousParams ? Float32Array.from(lbfgsState.previousParams) : null;
    this.previousGradient = lbfgsState.previousGradient ? Float32Array.from(lbfgsState.previousGradient) : null;
  }
  /** Stores (s, y) from the previous step to now if yᵀs > 1e-10, recycling the oldest pair when full. */
  rememberCurvature(params, gradient) {
    const previousParams = this.previousParams;
    const previousGradient = this.previousGradient;
    let ys = 0;
    let yy = 0;
    for (let i = 0; i < params.length; i++) {
      const y2 = gradient[i] - previousGradient[i];
      ys += y2 * (params[i] - previousParams[i]);
      yy += y2 * y2;
    }
    if (!(ys > LBFGS_DEFAULTS.curvatureTolerance))
      return;
    const full = this.stepHistory.length === this.historySize;
    const s = full ? this.stepHistory.shift() : new Float32Array(this.size);
    const y = full ? this.gradientChangeHistory.shift() : new Float32Array(this.size);
    if (full)
      this.inverseCurvatures.shift();
    for (let i = 0; i < params.length; i++) {
      s[i] = params[i] - previousParams[i];
      y[i] = gradient[i] - previousGradient[i];
    }
    this.stepHistory.push(s);
    this.gradientChangeHistory.push(y);
    this.inverseCurvatures.push(1 / ys);
    this.hessianScale = ys / yy;
  }
  /** Two-loop recursion: direction ← −H·g. Returns false if that is not a descent direction. */
  computeDirection(gradient) {
    const { direction: q, stepHistory: s, gradientChangeHistory: y, inverseCurvatures: rho } = this;
    const alphas = new Float64Array(s.length);
    for (let i = 0; i < q.length; i++)
      q[i] = -gradient[i];
    for (let k = s.length - 1; k >= 0; k--) {
      alphas[k] = rho[k] * dot(s[k], q);
      axpy(-alphas[k], y[k], q);
    }
    for (let i = 0; i < q.length; i++)
      q[i] *= this.hessianScale;
    for (let k = 0; k < s.length; k++)
      axpy(alphas[k] - rho[k] * dot(y[k], q), s[k], q);
    return dot(gradient, q) < -LBFGS_DEFAULTS.descentTolerance;
  }
  forgetCurvature() {
    this.stepHistory = [];
    this.gradientChangeHistory = [];
    this.inverseCurvatures = [];
    this.hessianScale = 1;
  }
};
function dot(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++)
    sum += a[i] * b[i];
  return sum;
}
function axpy(scale, x, target) {
  for (let i = 0; i < x.length; i++)
    target[i] += scale * x[i];
}
function norms(values) {
  let maxAbs = 0;
  let sumAbs = 0;
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]);
    sumAbs += magnitude;
    if (magnitude > maxAbs)
      maxAbs = magnitude;
  }
  return { maxAbs, sumAbs };
}
function copyInto(target, source) {
  if (!target)
    return source.slice();
  target.set(source);
  return target;
}

// dist/src/engine/optimizers/sgd.js
var SGD_DEFAULTS = Object.freeze({ firstStepPx: 1 });
var SgdOptimizer = class {
  name = "sgd";
  size;
  learningRate;
  clampMin;
  clampMax;
  stepCount = 0;
  constructor(size, options = {}) {
    this.size = size;
    this.learningRate = options.learningRate;
    [this.clampMin, this.clampMax] = resolveClampRange({ ...options, learningRate: this.learningRate ?? 1 });
  }
  step(params, gradient, _loss) {
    checkStepSizes(this.name, this.size, params, gradient);
    this.stepCount += 1;
    this.learningRate ??= SGD_DEFAULTS.firstStepPx / Math.max(largestMagnitude(gradient), Number.MIN_VALUE);
    const { learningRate, clampMin, clampMax } = this;
    for (let i = 0; i < params.length; i++) {
      const updated = params[i] - learningRate * gradient[i];
      params[i] = updated < clampMin ? clampMin : updated > clampMax ? clampMax : updated;
    }
  }
  state() {
    return { name: this.name, size: this.size, stepCount: this.stepCount, learningRate: this.learningRate };
  }
  restore(state) {
    const restored = expectState(state, this.name, this.size);
    this.stepCount = restored.stepCount;
    this.learningRate = restored.learningRate ?? this.learningRate;
  }
};
function largestMagnitude(values) {
  let largest = 0;
  for (const value of values)
    largest = Math.max(largest, Math.abs(value));
  return largest;
}

// dist/src/engine/optimizers/create-optimizer.js
var OPTIMIZER_NAMES = Object.freeze(["adam", "lbfgs", "sgd"]);
function createOptimizer(name, size, options = {}) {
  if (!(Number.isInteger(size) && size >= 1))
    throw invalidOption("an integer at least 1", "size", size);
  switch (name) {
    case "adam":
      return new AdamOptimizer(size, options);
    case "lbfgs":
      return new LbfgsOptimizer(size, options);
    case "sgd":
      return new SgdOptimizer(size, options);
    default:
      throw invalidOption(`one of ${OPTIMIZER_NAMES.join(", ")}`, "optimizer", name);
  }
}

// dist/src/options/stylize-schema.js
import { z } from "zod";
var STYLIZE_DEFAULTS = Object.freeze({
  size: 512,
  iterations: 500,
  scales: "auto",
  optimizer: "adam",
  tvWeight: 0,
  noiseRatio: 0.6,
  seed: 0,
  strength: 1,
  saveEvery: 0
});
var ON_OFF = ["on", "off"];
var INIT_KINDS = ["noise", "random", "gray", "content", "image"];
var DEFAULT_MAX_PIXELS = 5e7;
var DEFAULT_CHECKPOINT_EVERY = 50;
var positiveNumber = z.number().finite().positive();
var MEMORY_UNITS = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
var memorySize = z.union([
  positiveNumber,
  z.string().regex(/^\s*\d+(\.\d+)?\s*([kmgt]?)(i?b)?\s*$/i, "a size like 4G or 3500M").transform((text) => {
    const [, number, , unit] = /^\s*(\d+(\.\d+)?)\s*([kmgt]?)/i.exec(text);
    return Number(number) * MEMORY_UNITS[unit.toUpperCase()];
  })
], { error: "a size like 4G or 3500M (or a number of bytes)" });
var nonNegativeNumber = z.number().finite().min(0);
var stylizeOptionsSchema = z.object({
  content: z.string().min(1),
  styles: z.array(z.string().min(1)).min(1),
  styleBlendWeights: z.array(positiveNumber).optional(),
  size: z.number().int().min(16).max(16384).default(STYLIZE_DEFAULTS.size),
  styleScale: positiveNumber.max(8).optional(),
  /** A named set of option values (recipes.ts); options given explicitly override it. */
  recipe: z.enum(RECIPE_NAMES).optional(),
  /** Default: the recipe's, else STYLIZE_DEFAULTS (likewise scales, optimizer, tvWeight). */
  iterations: z.number().int().min(0).max(1e6).optional(),
  scales: z.enum(SCALE_MODES).optional(),
  minScale: z.number().int().min(16).max(16384).default(DEFAULT_MIN_SCALE),
  /** Default: the network's own (NETWORKS in engine/network/registry.ts). */
  contentWeight: nonNegativeNumber.optional(),
  styleWeight: nonNegativeNumber.optional(),
  tvWeight: nonNegativeNumber.optional(),
  contentLayers: z.array(z.string().min(1)).min(1).optional(),
  styleLayers: z.array(z.string().min(1)).min(1).optional(),
  styleLayerWeights: z.array(nonNegativeNumber).optional(),
  pooling: z.enum(POOLING_KINDS).optional(),
  /** Default: the network's (gatys/types.ts). */
  styleLoss: z.enum(STYLE_LOSS_KINDS).optional(),
  /** `on`/`off` (or a boolean); default: the network's (gatys/style-balance.ts). */
  styleBalance: z.union([z.boolean(), z.enum(ON_OFF)]).optional(),
  init: z.enum(INIT_KINDS).optional(),
  initImage: z.string().min(1).optional(),
  noiseRatio: z.number().min(0).max(1).default(STYLIZE_DEFAULTS.noiseRatio),
  optimizer: z.enum(OPTIMIZER_NAMES).optional(),
  learningRate: positiveNumber.optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(STYLIZE_DEFAULTS.seed),
  saveEvery: z.number().int().min(0).default(STYLIZE_DEFAULTS.saveEvery),
  originalColors: z.boolean().default(false),
  strength: z.number().min(0).max(1).default(STYLIZE_DEFAULTS.strength),
  /** The feature network: `vgg19`, `darknet-tiny`, or a path (.h5 / model.json). */
  network: z.string().min(1).optional(),
  /** `random[:SEED]` for untrained weights of the network; or, as before, the network's name or path. */
  weights: z.string().min(1).optional(),
  /** How a VGG file's input is prepared (`caffe` | `torchvision`); default: the file's own (engine/vgg/preprocessing.ts). */
  preprocessing: z.enum(PREPROCESSING_NAMES).optional(),
  threads: z.number().int().min(1).max(1024).optional(),
  /** Execution provider (`device.ts`). */
  device: deviceSchema,
  maxPixels: z.number().int().positive().default(DEFAULT_MAX_PIXELS),
  /** Memory budget, bytes or a size like "4G" / "3500M"; undefined: min(4 GiB, half the machine's memory). */
  maxMemory: memorySize.optional(),
  /** Where the run keeps its resumable checkpoint (the CLI uses OUTPUT.checkpoint); none when absent. */
  checkpoint: z.string().min(1).optional(),
  checkpointEvery: z.number().int().min(0).default(DEFAULT_CHECKPOINT_EVERY),
  resume: z.boolean().default(false)
}).superRefine((options, context) => {
  let choice;
  try {
    choice = chooseNetwork(networkOption(options), options.weights, options.preprocessing);
  } catch (error) {
    const field = error instanceof Error && / for --preprocessing but/.test(error.message) ? "preprocessing" : options.network !== void 0 ? "network" : "weights";
    context.addIssue({ code: "custom", path: [field], message: error instanceof Error ? error.message.replace(/^Expected (.*) for \S+ but received .*$/s, "$1") : String(error) });
  }
  const table = choice && !(choice.kind === "file" && choice.format === "tfjs-layers") ? networkEntryOf(choice).table : void 0;
  for (const field of ["contentLayers", "styleLayers"]) {
    const layers = options[field] ?? [];
    const unknown = table ? layers.findIndex((layer) => !table.layers.some((spec) => spec.name === layer)) : -1;
    if (table && unknown >= 0) {
      context.addIssue({ code: "custom", path: [field, unknown], message: `a ${table.displayName} layer name (${describeLayerNames(table)})` });
    }
  }
  const blend = options.styleBlendWeights;
  if (blend && blend.length !== options.styles.length) {
    context.addIssue({
      code: "custom",
      path: ["styleBlendWeights"],
      message: `one weight per style image (${plural(options.styles.length, "style")}, ${plural(blend.length, "weight")})`
    });
  }
  const recipe = options.recipe ? RECIPES[options.recipe] : void 0;
  if (recipe && choice && !recipeFits(recipe, choice.family) && (options.contentLayers === void 0 || options.styleLayers === void 0)) {
    context.addIssue({ code: "custom", path: ["recipe"], message: `a ${recipe.network} network: the ${options.recipe} recipe reads ${recipe.network}'s layers (drop the network option, or give contentLayers and styleLayers of your network)` });
  }
  const layerWeights = options.styleLayerWeights;
  const styleLayerCount = options.styleLayers?.length ?? (recipe && !options.styleLayers ? recipe.styleLayers.length : choice ? networkEntryOf(choice).defaults.styleLayers.length : 0);
  if (layerWeights && layerWeights.length !== styleLayerCount) {
    context.addIssue({
      code: "custom",
      path: ["styleLayerWeights"],
      message: `one weight per style layer (${plural(styleLayerCount, "layer")}, ${plural(layerWeights.length, "weight")})`
    });
  }
  for (const field of ["contentLayers", "styleLayers"]) {
    const layers = options[field] ?? [];
    const repeated = layers.find((layer, index) => layers.indexOf(layer) !== index);
    if (repeated !== void 0) {
      context.addIssue({ code: "custom", path: [field], message: `each layer once (${repeated} is given twice; drop the repeat${field === "styleLayers" ? ", or weigh it more with the style layer weights" : ""})` });
    }
  }
  if (options.resume && !options.checkpoint) {
    context.addIssue({ code: "custom", path: ["resume"], message: "a checkpoint path to resume from (the `checkpoint` option)" });
  }
  if (options.init === "image" && !options.initImage) {
    context.addIssue({ code: "custom", path: ["initImage"], message: "an image path when the start image is chosen (init image)" });
  }
  if (options.initImage && options.init !== void 0 && options.init !== "image") {
    context.addIssue({ code: "custom", path: ["initImage"], message: `no image unless the start is this image (init is ${options.init}; choose init image, or leave this out)` });
  }
}).transform((options) => {
  const recipe = options.recipe ? RECIPES[options.recipe] : void 0;
  const networkChoice = chooseNetwork(networkOption(options), options.weights, options.preprocessing);
  const defaults = networkEntryOf(networkChoice).defaults;
  const objective = !recipe ? defaults : recipeFits(recipe, networkChoice.family) ? recipe : { ...recipe, contentLayers: defaults.contentLayers, styleLayers: defaults.styleLayers };
  const optimizer = options.optimizer ?? recipe?.optimizer ?? STYLIZE_DEFAULTS.optimizer;
  const styleBalance = options.styleBalance ?? objective.styleBalance;
  return {
    ...options,
    networkChoice,
    iterations: options.iterations ?? recipe?.iterations ?? STYLIZE_DEFAULTS.iterations,
    scales: options.scales ?? recipe?.scales ?? STYLIZE_DEFAULTS.scales,
    optimizer,
    learningRate: options.learningRate ?? (recipe && recipe.optimizer === optimizer ? recipe.learningRate : void 0),
    contentLayers: options.contentLayers ?? [...objective.contentLayers],
    styleLayers: options.styleLayers ?? objective.styleLayers.map((entry) => entry.layer),
    styleLayerWeights: options.styleLayerWeights ?? (options.styleLayers ? void 0 : objective.styleLayers.map((entry) => entry.weight)),
    contentWeight: options.contentWeight ?? objective.contentWeight,
    styleWeight: options.styleWeight ?? objective.styleWeight,
    tvWeight: options.tvWeight ?? STYLIZE_DEFAULTS.tvWeight,
    /** neural-style's TV weight (recipes.ts), resolved to tvWeight once the output size is known; only when tvWeight is not given. */
    tvSumWeight: options.tvWeight === void 0 ? recipe?.tvSumWeight : void 0,
    pooling: options.pooling ?? objective.pooling,
    styleLoss: options.styleLoss ?? objective.styleLoss,
    styleBalance: styleBalance === true || styleBalance === "on",
    init: options.init ?? (options.initImage ? "image" : objective.init)
  };
});
function networkOption(options) {
  if (options.network !== void 0 || !options.recipe)
    return options.network;
  const weights = options.weights;
  return weights === void 0 || weights.startsWith("random") ? RECIPES[options.recipe].network : void 0;
}
function parseStylizeOptions(input, nameOf = optionKey) {
  if (isValidatedStylizeOptions(input))
    return input;
  return parseOptions(stylizeOptionsSchema, input, nameOf);
}
function isValidatedStylizeOptions(input) {
  return typeof input.networkChoice === "object" && input.networkChoice !== null;
}
var stylizeFieldName = (field) => field === "styles" ? "--style" : flagName(field);
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export {
  describeIssue,
  optionKey,
  flagName,
  parseOptions,
  createRgbImage,
  assertDecodedImage,
  assertSameSize,
  fitLongSide,
  fromInterleaved,
  toInterleaved,
  SCALE_MODES,
  DEFAULT_MIN_SCALE,
  planScales,
  POOLING_KINDS,
  DEFAULT_NETWORK,
  chooseNetwork,
  networkEntryOf,
  RECIPE_NAMES,
  RECIPES,
  STYLE_LOSS_KINDS,
  ADAM_DEFAULTS,
  LBFGS_DEFAULTS,
  OPTIMIZER_NAMES,
  createOptimizer,
  STYLIZE_DEFAULTS,
  ON_OFF,
  INIT_KINDS,
  DEFAULT_MAX_PIXELS,
  DEFAULT_CHECKPOINT_EVERY,
  stylizeOptionsSchema,
  parseStylizeOptions,
  stylizeFieldName
};
