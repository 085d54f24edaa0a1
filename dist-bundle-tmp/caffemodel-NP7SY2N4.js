import {
  hwioFromOihw,
  vggWeightsFromConvs
} from "./chunk-5I24BNVP.js";
import "./chunk-GYDWO5CP.js";
import {
  PainterlyError
} from "./chunk-ELBWPZQG.js";

// dist/src/node/weights-file/caffemodel.js
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import protobuf from "protobufjs";

// dist/src/node/weights-file/caffe-proto.js
var CAFFE_PROTO_SUBSET = `
syntax = "proto2";
package caffe;

message BlobShape {
  repeated int64 dim = 1 [packed = true];
}

message BlobProto {
  optional BlobShape shape = 7;
  repeated float data = 5 [packed = true];
  repeated double double_data = 8 [packed = true];
  optional int32 num = 1 [default = 0];
  optional int32 channels = 2 [default = 0];
  optional int32 height = 3 [default = 0];
  optional int32 width = 4 [default = 0];
}

message NetParameter {
  optional string name = 1;
  repeated LayerEntry layer = 100;
  repeated V1LayerEntry layers = 2;
}

message LayerEntry {
  optional string name = 1;
  optional string type = 2;
  repeated bytes blobs = 7;
}

message V1LayerEntry {
  optional string name = 4;
  optional int32 type = 5;
  repeated bytes blobs = 6;
  optional bytes layer = 1;
}
`;
var V1_LAYER_TYPE = { CONVOLUTION: 4, INNER_PRODUCT: 14 };

// dist/src/node/weights-file/caffemodel.js
var FIX = "Pass a Caffe VGG16 or VGG19 .caffemodel (e.g. neural-style's VGG_ILSVRC_19_layers.caffemodel), or use --network vgg19 / vgg16 from the model store.";
var ROOT = protobuf.parse(CAFFE_PROTO_SUBSET, { keepCase: true }).root;
var NET = ROOT.lookupType("caffe.NetParameter");
var BLOB = ROOT.lookupType("caffe.BlobProto");
async function readCaffeModelWeights(path, options = {}) {
  const absolutePath = resolve(path);
  const info = await stat(absolutePath).catch((error) => {
    throw new PainterlyError("WEIGHTS_NOT_FOUND", `No Caffe model file at ${absolutePath}. ${FIX}`, { cause: error });
  });
  if (!info.isFile())
    throw new PainterlyError("WEIGHTS_NOT_FOUND", `The Caffe model path ${absolutePath} is not a file. ${FIX}`);
  return caffeModelWeightsFromBytes(await readFile(absolutePath), absolutePath, options);
}
function caffeModelWeightsFromBytes(bytes, name, options = {}) {
  const invalid = (problem, cause) => new PainterlyError("WEIGHTS_INVALID", `The Caffe model file ${name} ${problem}. ${FIX}`, { cause });
  let net;
  try {
    net = NET.toObject(NET.decode(bytes), { longs: Number, defaults: false });
  } catch (error) {
    throw invalid(`is not a Caffe NetParameter (protobuf decoding failed: ${error instanceof Error ? error.message : String(error)})`, error);
  }
  const v2 = net.layer ?? [];
  const v1 = net.layers ?? [];
  if (v1.some((layer) => layer.layer !== void 0)) {
    throw invalid("is in the V0 layout (before 2014); convert it with Caffe's upgrade_net_proto_binary first");
  }
  const candidates = [
    ...v1.map((layer) => ({ name: layer.name ?? "?", kind: v1Kind(layer.type), blobs: layer.blobs ?? [] })),
    ...v2.map((layer) => ({ name: layer.name ?? "?", kind: v2Kind(layer.type), blobs: layer.blobs ?? [] }))
  ];
  if (candidates.length === 0)
    throw invalid("has no layers (neither the `layer` nor the V1 `layers` field): it is not a trained Caffe model");
  const convs = candidates.filter((layer) => layer.kind === "convolution").map((layer) => readConv(layer, invalid));
  return vggWeightsFromConvs(convs, { source: `caffemodel:${name}`, invalid, variant: options.variant });
}
function v1Kind(type) {
  return type === V1_LAYER_TYPE.CONVOLUTION ? "convolution" : "other";
}
function v2Kind(type) {
  return type === "Convolution" ? "convolution" : "other";
}
function readConv(layer, invalid) {
  if (layer.blobs.length !== 2)
    throw invalid(`has convolution ${layer.name} with ${layer.blobs.length} blobs; expected 2 (weights and bias)`);
  const [kernel, bias] = layer.blobs.map((bytes, index) => {
    try {
      return blobOf(BLOB.toObject(BLOB.decode(bytes), { longs: Number, defaults: false }));
    } catch (error) {
      throw invalid(`has convolution ${layer.name} whose blob ${index} is not a BlobProto`, error);
    }
  });
  const [outChannels, inChannels, height, width] = kernel.shape;
  const biasCount = bias.shape.reduce((product, dim) => product * dim, 1);
  if (kernel.shape.length !== 4 || height !== width || biasCount !== outChannels || bias.shape.filter((dim) => dim !== 1).length > 1) {
    throw invalid(`has convolution ${layer.name} with weights [${kernel.shape.join(",")}] and bias [${bias.shape.join(",")}]; expected weights [out,in,3,3] and bias [out]`);
  }
  for (const [role, blob] of [["weights", kernel], ["bias", bias]]) {
    const expected = blob.shape.reduce((product, dim) => product * dim, 1);
    if (blob.values.length !== expected)
      throw invalid(`has convolution ${layer.name} whose ${role} hold ${blob.values.length} values for shape [${blob.shape.join(",")}]`);
  }
  return {
    fileName: layer.name,
    weights: { kernel: hwioFromOihw(kernel.values, outChannels, inChannels, height), bias: Float32Array.from(bias.values), inChannels, outChannels, kernelSize: height }
  };
}
function blobOf(blob) {
  const shape = blob.shape?.dim ?? [blob.num ?? 0, blob.channels ?? 0, blob.height ?? 0, blob.width ?? 0];
  const values = blob.data?.length ? blob.data : blob.double_data ?? [];
  return { shape: shape.map(Number), values };
}
export {
  caffeModelWeightsFromBytes,
  readCaffeModelWeights
};
