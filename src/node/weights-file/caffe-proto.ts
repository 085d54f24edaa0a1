/**
 * The subset of Caffe's `caffe.proto` (BVLC/caffe, src/caffe/proto/caffe.proto) a `.caffemodel`
 * reader needs, with Caffe's own message names and field numbers. Everything else in a file is
 * skipped by the protobuf decoder as unknown fields.
 *
 * Two views of a layer: the shallow ones (`LayerEntry`, `V1LayerEntry`) declare `blobs` as `bytes`
 * (the same wire type as an embedded message), so a 400 MB classifier blob is never decoded; only
 * the blobs of convolutions are decoded as `BlobProto`.
 */

/** Proto2 source, parsed once with protobufjs. */
export const CAFFE_PROTO_SUBSET = `
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

/** V1LayerParameter.LayerType values this reader cares about. */
export const V1_LAYER_TYPE = { CONVOLUTION: 4, INNER_PRODUCT: 14 } as const;
