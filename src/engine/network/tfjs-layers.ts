/**
 * A TensorFlow.js *layers* model (`model.json` + `weightsManifest` shard files) as a feature
 * network: a plain chain of Conv2D (stride 1, `same`), BatchNormalization (folded into the
 * convolution in float64), LeakyReLU/ReLU and 2×2 stride-2 pooling, up to the classifier head.
 * Only the weight groups of the layers a run needs are read. Pure: the platform edge (files in
 * Node, `fetch` in a browser) hands over the parsed `model.json` and reads shards on request.
 *
 * Why by hand: @tensorflow/tfjs would bring a second runtime just to parse a JSON file and slice
 * float32 buffers; the format is small and documented.
 */
import { DARKNET_TINY } from '../darknet/architecture.js';
import { PainterlyError } from '../errors.js';
import { chainLayers, findLayer } from './layers.js';
import type { Activation, ConvLayerSpec, ConvWeights, NetworkTable, NetworkWeights } from './types.js';
import { foldBatchNorm, validateNetworkWeights, type BatchNormParameters } from './weights.js';

/** One convolution of the chain with the names of its weights in the manifest. */
interface ChainConv {
  readonly spec: Omit<ConvLayerSpec, 'inChannels' | 'stage'>;
  readonly kerasName: string;
  readonly useBias: boolean;
  norm?: { readonly kerasName: string; readonly epsilon: number; readonly center: boolean; readonly scale: boolean };
}

/** A weight's place in its group's bytes. */
interface ManifestWeight {
  readonly group: number;
  readonly offset: number;
  readonly shape: readonly number[];
}

/** Where a TF.js model comes from: its `model.json` parsed, and its shard files on request. */
export interface TfjsModelSource {
  /** The parsed `model.json`. */
  readonly json: Record<string, unknown>;
  /** The model's path or URL, as errors and `NetworkWeights.source` name it. */
  readonly location: string;
  /** The name of the folder holding `model.json` (a derived table's display name). */
  readonly folderName: string;
  /** Where a shard listed in the manifest lives (for errors). */
  locateShard(shard: string): string;
  /** A shard's bytes, or `undefined` when it is missing. */
  readShard(shard: string): Promise<Uint8Array | undefined>;
}

/** Options of `readTfjsLayersWeights`. */
export interface TfjsLayersOptions {
  /** Read weights only up to this layer (default: every layer of the chain). */
  readonly deepestLayer?: string;
  /** Shown in errors as the fix, e.g. "Re-download it with `painterly models download darknet-tiny --force`." */
  readonly fix: string;
}

/**
 * Reads the chain and its weights; the table is `darknet-tiny`'s when the chain is Tiny Darknet's,
 * else one derived from the file (layers conv1 … convN). Throws WEIGHTS_NOT_FOUND (missing shard)
 * or WEIGHTS_INVALID (unsupported layer, shape against topology, truncated shard, NaN), each naming
 * the model.
 *
 * @example
 * const weights = await readTfjsLayersWeights(source, { deepestLayer: 'conv12', fix: 'Download it again.' });
 * weights.network.id // → 'darknet-tiny'
 */
export async function readTfjsLayersWeights(model: TfjsModelSource, options: TfjsLayersOptions): Promise<NetworkWeights> {
  const { fix } = options;
  const invalid = (problem: string): PainterlyError => new PainterlyError('WEIGHTS_INVALID', `The TF.js model ${model.location} ${problem}. ${fix}`);
  const chain = parseChain(model.json, invalid);
  const network = tableOf(chain.convs, chain.poolPadding, model.folderName);
  const deepest = options.deepestLayer ?? network.layers.at(-1)!.name;
  const last = network.layers.indexOf(findLayer(network, deepest));
  const manifest = parseManifest(model.json, invalid);
  const needed = chain.convs.slice(0, last + 1);
  const groupBytes = await readGroups(model, manifest, needed, invalid, fix);
  const tensor = (name: string, shape: readonly number[]): Float32Array => {
    const weight = manifest.weights.get(name);
    if (!weight) throw invalid(`has no weight ${name} in its weightsManifest`);
    if (weight.shape.join(',') !== shape.join(',')) throw invalid(`has weight ${name} of shape [${weight.shape.join(',')}], but its topology needs [${shape.join(',')}]`);
    const bytes = groupBytes.get(weight.group)!;
    const count = shape.reduce((product, side) => product * side, 1);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset + weight.offset, bytes.byteOffset + weight.offset + 4 * count));
  };
  const layers = new Map<string, ConvWeights>();
  needed.forEach((conv, index) => {
    const spec = network.layers[index];
    const k = spec.kernelSize;
    const out = spec.outChannels;
    let weights: ConvWeights = {
      kernel: tensor(`${conv.kerasName}/kernel`, [k, k, spec.inChannels, out]),
      bias: conv.useBias ? tensor(`${conv.kerasName}/bias`, [out]) : new Float32Array(out),
      inChannels: spec.inChannels,
      outChannels: out,
      kernelSize: k,
    };
    if (conv.norm) {
      const { kerasName, epsilon, center, scale } = conv.norm;
      const parameters: BatchNormParameters = {
        gamma: scale ? tensor(`${kerasName}/gamma`, [out]) : new Float32Array(out).fill(1),
        beta: center ? tensor(`${kerasName}/beta`, [out]) : new Float32Array(out),
        mean: tensor(`${kerasName}/moving_mean`, [out]),
        variance: tensor(`${kerasName}/moving_variance`, [out]),
        epsilon,
      };
      weights = foldBatchNorm(weights, parameters);
    }
    layers.set(spec.name, weights);
  });
  const result: NetworkWeights = { network, layers, source: `tfjs:${model.location}`, pretrained: true };
  validateNetworkWeights(result, deepest, fix);
  return result;
}

type Invalid = (problem: string) => PainterlyError;
type LayerJson = { class_name?: unknown; name?: unknown; config?: Record<string, unknown> };

/** Layer kinds after which the chain's features end (the classifier head). */
const HEAD_LAYERS = new Set(['GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'Flatten', 'Dense', 'Softmax', 'Dropout', 'Reshape']);

function parseChain(json: Record<string, unknown>, invalid: Invalid): { convs: ChainConv[]; poolPadding: NetworkTable['poolPadding'] } {
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  const modelConfig = (topology?.model_config ?? topology) as { config?: unknown } | undefined;
  const config = modelConfig?.config;
  const layerList = Array.isArray(config) ? config : (config as { layers?: unknown } | undefined)?.layers;
  if (!Array.isArray(layerList)) throw invalid('has no modelTopology.model_config layer list (is it a TF.js *layers* model?)');
  const convs: ChainConv[] = [];
  let pooledBefore = false;
  let poolPadding: NetworkTable['poolPadding'] | undefined;
  const current = (): ChainConv | undefined => convs.at(-1);
  for (const layer of layerList as LayerJson[]) {
    const kind = String(layer.class_name);
    const name = String(layer.name ?? layer.config?.name ?? kind);
    const c = layer.config ?? {};
    const setActivation = (activation: Activation) => {
      const conv = current();
      if (!conv || pooledBefore || conv.spec.activation.kind !== 'none') throw invalid(`has an activation ${name} that does not follow a convolution`);
      (conv as { spec: ChainConv['spec'] }).spec = { ...conv.spec, activation };
    };
    if (kind === 'InputLayer') continue;
    if (HEAD_LAYERS.has(kind) || (kind === 'Activation' && c.activation === 'softmax')) break;
    if (kind === 'Conv2D') {
      const [kh, kw] = c.kernel_size as number[];
      const strides = (c.strides as number[] | undefined) ?? [1, 1];
      const dilation = (c.dilation_rate as number[] | undefined) ?? [1, 1];
      if (kh !== kw || kh % 2 !== 1 || strides.some((s) => s !== 1) || dilation.some((d) => d !== 1) || (c.padding !== 'same' && kh !== 1)) {
        throw invalid(`has convolution ${name} (kernel ${kh}×${kw}, strides ${strides.join('×')}, dilation ${dilation.join('×')}, padding ${String(c.padding)}); Painterly runs odd square kernels with stride 1, no dilation and same padding`);
      }
      if (c.data_format !== undefined && c.data_format !== 'channels_last') throw invalid(`has convolution ${name} in ${String(c.data_format)} layout; only channels_last is supported`);
      const activation = c.activation === 'relu' ? ({ kind: 'relu' } as const) : c.activation === 'linear' || c.activation === undefined ? ({ kind: 'none' } as const) : undefined;
      if (!activation) throw invalid(`has convolution ${name} with activation ${String(c.activation)}; supported: linear, relu (or a LeakyReLU/ReLU layer after it)`);
      convs.push({ spec: { name: `conv${convs.length + 1}`, kernelSize: kh, outChannels: Number(c.filters), activation, pooledBefore }, kerasName: name, useBias: c.use_bias !== false });
      pooledBefore = false;
      continue;
    }
    if (kind === 'BatchNormalization') {
      const conv = current();
      const axis = c.axis === undefined ? -1 : Array.isArray(c.axis) ? c.axis[0] : c.axis;
      if (!conv || pooledBefore || conv.norm || conv.spec.activation.kind !== 'none') throw invalid(`has a BatchNormalization ${name} that does not directly follow a convolution`);
      if (axis !== -1 && axis !== 3) throw invalid(`has a BatchNormalization ${name} over axis ${String(axis)}; only the channel axis (-1) is supported`);
      conv.norm = { kerasName: name, epsilon: Number(c.epsilon ?? 1e-3), center: c.center !== false, scale: c.scale !== false };
      continue;
    }
    if (kind === 'LeakyReLU') {
      // Keras stores α as float32 (0.10000000149011612): six digits keep the value the layer meant.
      setActivation({ kind: 'leaky-relu', alpha: Number(Number(c.alpha ?? 0.3).toPrecision(6)) });
      continue;
    }
    if (kind === 'ReLU' || (kind === 'Activation' && c.activation === 'relu')) {
      setActivation({ kind: 'relu' });
      continue;
    }
    if (kind === 'Activation' && c.activation === 'linear') continue;
    if (kind === 'MaxPooling2D' || kind === 'AveragePooling2D') {
      const size = (c.pool_size as number[] | undefined) ?? [2, 2];
      const strides = (c.strides as number[] | undefined) ?? size;
      if (size.some((s) => s !== 2) || strides.some((s) => s !== 2) || pooledBefore || !current()) {
        throw invalid(`has pooling ${name} (${size.join('×')}, strides ${strides.join('×')}); Painterly runs 2×2 stride-2 pooling between convolutions`);
      }
      const padding = c.padding === 'same' ? 'same' : 'floor';
      if (poolPadding && poolPadding !== padding) throw invalid('mixes same and valid pooling; Painterly needs one kind');
      poolPadding = padding;
      pooledBefore = true;
      continue;
    }
    throw invalid(`has a layer ${name} of kind ${kind}, which Painterly cannot run (supported: Conv2D, BatchNormalization, LeakyReLU, ReLU, MaxPooling2D, AveragePooling2D, then a classifier head)`);
  }
  if (convs.length === 0) throw invalid('has no convolutions');
  return { convs, poolPadding: poolPadding ?? 'floor' };
}

/** Darknet Tiny's own table when the chain is exactly it, else a table derived from the file. */
function tableOf(convs: readonly ChainConv[], poolPadding: NetworkTable['poolPadding'], folderName: string): NetworkTable {
  const layers = chainLayers(convs.map((conv) => conv.spec));
  const same = (a: readonly ConvLayerSpec[], b: readonly ConvLayerSpec[]) => JSON.stringify(a) === JSON.stringify(b);
  if (poolPadding === DARKNET_TINY.poolPadding && same(layers, DARKNET_TINY.layers)) return DARKNET_TINY;
  return {
    id: 'tfjs-layers',
    displayName: `TF.js model ${folderName}`,
    layers,
    // TF.js image models (ml5's among them) take RGB scaled to 0–1.
    preprocessing: DARKNET_TINY.preprocessing,
    poolPadding,
  };
}

function parseManifest(json: Record<string, unknown>, invalid: Invalid): { groups: string[][]; groupSizes: number[]; weights: Map<string, ManifestWeight> } {
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) throw invalid('has no weightsManifest list');
  const weights = new Map<string, ManifestWeight>();
  const groups: string[][] = [];
  const groupSizes: number[] = [];
  manifest.forEach((group: { paths?: unknown; weights?: unknown }, index) => {
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights)) throw invalid(`has weightsManifest group ${index + 1} without paths and weights`);
    let offset = 0;
    for (const weight of group.weights as Array<{ name: string; shape: number[]; dtype: string }>) {
      if (weight.dtype !== 'float32') throw invalid(`has weight ${weight.name} of dtype ${weight.dtype}; only float32 is supported`);
      weights.set(weight.name, { group: index, offset, shape: weight.shape });
      offset += 4 * weight.shape.reduce((product, side) => product * side, 1);
    }
    groups.push(group.paths.map(String));
    groupSizes.push(offset);
  });
  return { groups, groupSizes, weights };
}

/** The bytes of every group holding a weight of `convs`, each shard checked to exist and be long enough. */
async function readGroups(
  model: TfjsModelSource,
  manifest: ReturnType<typeof parseManifest>,
  convs: readonly ChainConv[],
  invalid: Invalid,
  fix: string,
): Promise<Map<number, Uint8Array>> {
  const prefixes = convs.flatMap((conv) => [`${conv.kerasName}/`, ...(conv.norm ? [`${conv.norm.kerasName}/`] : [])]);
  const needed = new Set([...manifest.weights].filter(([name]) => prefixes.some((prefix) => name.startsWith(prefix))).map(([, weight]) => weight.group));
  const result = new Map<number, Uint8Array>();
  for (const group of needed) {
    const parts: Uint8Array[] = [];
    for (const shard of manifest.groups[group]) {
      const bytes = await model.readShard(shard);
      if (!bytes) throw new PainterlyError('WEIGHTS_NOT_FOUND', `The TF.js model ${model.location} lists the shard ${shard}, but ${model.locateShard(shard)} is missing. ${fix}`);
      parts.push(bytes);
    }
    const bytes = concatBytes(parts);
    if (bytes.length < manifest.groupSizes[group]) {
      throw invalid(`has a truncated shard ${manifest.groups[group].join(', ')}: ${bytes.length} bytes where its weights need ${manifest.groupSizes[group]}`);
    }
    result.set(group, bytes);
  }
  return result;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
