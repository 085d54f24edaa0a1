/**
 * Reads the convolutions of a Caffe VGG16/VGG19 `.caffemodel` (e.g. jcjohnson/neural-style's
 * `VGG_ILSVRC_19_layers.caffemodel`): a protobuf `NetParameter`, decoded with protobufjs from the
 * subset of caffe.proto in caffe-proto.ts. Both layouts are read: the old V1 `layers` field (type
 * enum, CONVOLUTION = 4; the VGG files are written this way) and the newer `layer` field (type
 * string "Convolution"). Blob data may be packed or unpacked floats (or doubles), their shape
 * `shape.dim` or the legacy num/channels/height/width. Kernels are OIHW and are transposed once here
 * to the engine's [k,k,in,out]; classifier layers (InnerProduct) are skipped without being decoded.
 * Caffe's VGG files expect BGR 0–255 minus the ImageNet means, the VGG tables' own preprocessing.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import protobuf from 'protobufjs';
import { PainterlyError } from '../../engine/errors.js';
import type { NetworkWeights } from '../../engine/network/types.js';
import type { VggVariant } from '../../engine/vgg/architecture.js';
import { CAFFE_PROTO_SUBSET, V1_LAYER_TYPE } from './caffe-proto.js';
import { hwioFromOihw, vggWeightsFromConvs, type FileConv } from './vgg-convs.js';

const FIX = 'Pass a Caffe VGG16 or VGG19 .caffemodel (e.g. neural-style\'s VGG_ILSVRC_19_layers.caffemodel), or use --network vgg19 / vgg16 from the model store.';

const ROOT = protobuf.parse(CAFFE_PROTO_SUBSET, { keepCase: true }).root;
const NET = ROOT.lookupType('caffe.NetParameter');
const BLOB = ROOT.lookupType('caffe.BlobProto');

/** Options of the readers. */
export interface CaffeModelOptions {
  /** The depth the caller wants; a file of the other one is WEIGHTS_INVALID naming both. */
  readonly variant?: VggVariant;
}

/**
 * Reads a `.caffemodel` file. Throws PainterlyError `WEIGHTS_NOT_FOUND` (no such file) or
 * `WEIGHTS_INVALID` (not a NetParameter, no or wrong convolutions: the message names the layer and
 * the shape found).
 *
 * @example
 * const weights = await readCaffeModelWeights('VGG_ILSVRC_19_layers.caffemodel'); // VGG19, source 'caffemodel:/abs/…'
 */
export async function readCaffeModelWeights(path: string, options: CaffeModelOptions = {}): Promise<NetworkWeights> {
  const absolutePath = resolve(path);
  const info = await stat(absolutePath).catch((error: unknown) => {
    throw new PainterlyError('WEIGHTS_NOT_FOUND', `No Caffe model file at ${absolutePath}. ${FIX}`, { cause: error });
  });
  if (!info.isFile()) throw new PainterlyError('WEIGHTS_NOT_FOUND', `The Caffe model path ${absolutePath} is not a file. ${FIX}`);
  return caffeModelWeightsFromBytes(await readFile(absolutePath), absolutePath, options);
}

/**
 * Reads the bytes of a `.caffemodel`; `name` (its path) goes into messages and the source.
 *
 * @example caffeModelWeightsFromBytes(bytes, '/m/vgg16.caffemodel').network.id // → 'vgg16'
 */
export function caffeModelWeightsFromBytes(bytes: Uint8Array, name: string, options: CaffeModelOptions = {}): NetworkWeights {
  const invalid = (problem: string, cause?: unknown): PainterlyError =>
    new PainterlyError('WEIGHTS_INVALID', `The Caffe model file ${name} ${problem}. ${FIX}`, { cause });
  let net: NetMessage;
  try {
    net = NET.toObject(NET.decode(bytes), { longs: Number, defaults: false }) as NetMessage;
  } catch (error) {
    throw invalid(`is not a Caffe NetParameter (protobuf decoding failed: ${error instanceof Error ? error.message : String(error)})`, error);
  }
  const v2 = net.layer ?? [];
  const v1 = net.layers ?? [];
  if (v1.some((layer) => layer.layer !== undefined)) {
    throw invalid('is in the V0 layout (before 2014); convert it with Caffe\'s upgrade_net_proto_binary first');
  }
  const candidates: RawLayer[] = [
    ...v1.map((layer) => ({ name: layer.name ?? '?', kind: v1Kind(layer.type), blobs: layer.blobs ?? [] })),
    ...v2.map((layer) => ({ name: layer.name ?? '?', kind: v2Kind(layer.type), blobs: layer.blobs ?? [] })),
  ];
  if (candidates.length === 0) throw invalid('has no layers (neither the `layer` nor the V1 `layers` field): it is not a trained Caffe model');
  const convs = candidates.filter((layer) => layer.kind === 'convolution').map((layer) => readConv(layer, invalid));
  return vggWeightsFromConvs(convs, { source: `caffemodel:${name}`, invalid, variant: options.variant });
}

interface NetMessage {
  layer?: Array<{ name?: string; type?: string; blobs?: Uint8Array[] }>;
  layers?: Array<{ name?: string; type?: number; blobs?: Uint8Array[]; layer?: Uint8Array }>;
}

interface RawLayer {
  readonly name: string;
  readonly kind: 'convolution' | 'other';
  readonly blobs: readonly Uint8Array[];
}

interface BlobMessage {
  shape?: { dim?: number[] };
  data?: number[];
  double_data?: number[];
  num?: number;
  channels?: number;
  height?: number;
  width?: number;
}

function v1Kind(type: number | undefined): RawLayer['kind'] {
  return type === V1_LAYER_TYPE.CONVOLUTION ? 'convolution' : 'other';
}

function v2Kind(type: string | undefined): RawLayer['kind'] {
  return type === 'Convolution' ? 'convolution' : 'other';
}

/** One convolution's kernel (blob 0, OIHW) and bias (blob 1), transposed to [k,k,in,out]. */
function readConv(layer: RawLayer, invalid: (problem: string, cause?: unknown) => PainterlyError): FileConv {
  if (layer.blobs.length !== 2) throw invalid(`has convolution ${layer.name} with ${layer.blobs.length} blobs; expected 2 (weights and bias)`);
  const [kernel, bias] = layer.blobs.map((bytes, index) => {
    try {
      return blobOf(BLOB.toObject(BLOB.decode(bytes), { longs: Number, defaults: false }) as BlobMessage);
    } catch (error) {
      throw invalid(`has convolution ${layer.name} whose blob ${index} is not a BlobProto`, error);
    }
  });
  const [outChannels, inChannels, height, width] = kernel.shape;
  const biasCount = bias.shape.reduce((product, dim) => product * dim, 1);
  if (kernel.shape.length !== 4 || height !== width || biasCount !== outChannels || bias.shape.filter((dim) => dim !== 1).length > 1) {
    throw invalid(`has convolution ${layer.name} with weights [${kernel.shape.join(',')}] and bias [${bias.shape.join(',')}]; expected weights [out,in,3,3] and bias [out]`);
  }
  for (const [role, blob] of [['weights', kernel], ['bias', bias]] as const) {
    const expected = blob.shape.reduce((product, dim) => product * dim, 1);
    if (blob.values.length !== expected) throw invalid(`has convolution ${layer.name} whose ${role} hold ${blob.values.length} values for shape [${blob.shape.join(',')}]`);
  }
  return {
    fileName: layer.name,
    weights: { kernel: hwioFromOihw(kernel.values, outChannels, inChannels, height), bias: Float32Array.from(bias.values), inChannels, outChannels, kernelSize: height },
  };
}

/** A blob's shape (`shape.dim`, else the legacy 4-D num/channels/height/width) and values. */
function blobOf(blob: BlobMessage): { shape: number[]; values: ArrayLike<number> } {
  const shape = blob.shape?.dim ?? [blob.num ?? 0, blob.channels ?? 0, blob.height ?? 0, blob.width ?? 0];
  const values = blob.data?.length ? blob.data : (blob.double_data ?? []);
  return { shape: shape.map(Number), values };
}
