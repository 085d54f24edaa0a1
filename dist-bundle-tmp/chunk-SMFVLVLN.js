// dist/src/engine/onnx/protobuf-writer.js
var ProtoMessage = class {
  chunks = [];
  byteLength = 0;
  /** Total encoded size in bytes. */
  get length() {
    return this.byteLength;
  }
  /** A varint-encoded integer field (wire type 0). Accepts values up to 2^53. */
  varint(field, value) {
    this.tag(field, 0);
    this.push(encodeVarint(value));
    return this;
  }
  /** A 32-bit float field (wire type 5). */
  float(field, value) {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }
  /** A length-delimited bytes field (wire type 2). The bytes are referenced, not copied, or produced at {@link toBytes}. */
  bytes(field, value) {
    this.tag(field, 2);
    this.push(encodeVarint(value.length));
    this.push(value);
    return this;
  }
  /** A UTF-8 string field. */
  string(field, value) {
    return this.bytes(field, new TextEncoder().encode(value));
  }
  /** An embedded message field. */
  message(field, value) {
    this.tag(field, 2);
    this.push(encodeVarint(value.length));
    for (const chunk of value.chunks)
      this.push(chunk);
    return this;
  }
  /** A packed repeated varint field. */
  packedVarints(field, values) {
    const encoded = values.map(encodeVarint);
    const total = encoded.reduce((sum, chunk) => sum + chunk.length, 0);
    this.tag(field, 2);
    this.push(encodeVarint(total));
    for (const chunk of encoded)
      this.push(chunk);
    return this;
  }
  /** A packed repeated float field. */
  packedFloats(field, values) {
    const data = new Float32Array(values);
    return this.bytes(field, new Uint8Array(data.buffer));
  }
  /** The whole message as one byte array. */
  toBytes() {
    const out = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const chunk of this.chunks) {
      if (chunk instanceof Uint8Array)
        out.set(chunk, offset);
      else {
        const written = chunk.writeTo(out.subarray(offset, offset + chunk.length), 0);
        if (written !== chunk.length)
          throw new Error(`deferred bytes: expected ${chunk.length} bytes, got ${written}`);
      }
      offset += chunk.length;
    }
    return out;
  }
  tag(field, wireType) {
    this.push(encodeVarint(field * 8 + wireType));
  }
  push(chunk) {
    this.chunks.push(chunk);
    this.byteLength += chunk.length;
  }
};
function encodeVarint(value) {
  if (!Number.isInteger(value))
    throw new RangeError(`varint must be an integer, got ${value}`);
  let big = BigInt(value);
  if (big < 0n)
    big += 1n << 64n;
  const out = [];
  while (big >= 0x80n) {
    out.push(Number(big & 0x7fn) | 128);
    big >>= 7n;
  }
  out.push(Number(big));
  return Uint8Array.from(out);
}

// dist/src/engine/onnx/graph-builder.js
var TensorType = { float: 1, int32: 6, int64: 7, bool: 9 };
var ONNX_IR_VERSION = 8;
var ONNX_OPSET = 17;
var GraphBuilder = class {
  name;
  nodes = [];
  initializers = [];
  inputs = [];
  outputs = [];
  usedNames = /* @__PURE__ */ new Set();
  scalarCache = /* @__PURE__ */ new Map();
  constructor(name) {
    this.name = name;
  }
  /** Declares a float graph input of fixed shape. */
  input(name, dims) {
    this.claim(name);
    this.inputs.push(valueInfo(name, TensorType.float, dims));
    return name;
  }
  /** Exposes `value` as a graph output named `name` (through an Identity when the names differ). */
  output(value, name, dims) {
    const outputName = value === name ? value : this.opNamed("Identity", [value], name);
    this.outputs.push(valueInfo(outputName, TensorType.float, dims));
    return outputName;
  }
  /** A constant tensor stored in the model. */
  initializer(prefix, data, dims) {
    const name = this.unique(prefix);
    this.initializers.push(tensorProto(name, elementType(data), littleEndianBytes(data), dims));
    return name;
  }
  /**
   * A float constant computed only when the model is serialised ({@link toModel}): `fill` hands its
   * values to the sink in pieces (every element once), which writes them straight into the model's
   * bytes — for large derived weights, so they never exist as a whole array beside the model.
   *
   * @example graph.deferredInitializer('ramp', [4], (sink) => sink(new Float32Array([0, 1, 2, 3]), 0))
   */
  deferredInitializer(prefix, dims, fill) {
    const name = this.unique(prefix);
    const count = dims.reduce((product, dim) => product * dim, 1);
    const bytes = {
      length: 4 * count,
      writeTo(target, offset) {
        let written = 0;
        fill((values, at) => {
          if (!Number.isInteger(at) || at < 0 || at + values.length > count)
            throw new Error(`${name}: values ${at}\u2026${at + values.length} outside its ${count} elements`);
          target.set(littleEndianBytes(values), offset + 4 * at);
          written += values.length;
        });
        return 4 * written;
      }
    };
    this.initializers.push(tensorProto(name, TensorType.float, bytes, dims));
    return name;
  }
  /** A float constant; scalars (dims []) are shared between uses. */
  constFloat(values, dims = []) {
    const list = typeof values === "number" ? [values] : values;
    const key = `f:${dims.join("x")}:${list.join(",")}`;
    return this.cached(key, () => this.initializer("const", new Float32Array(list), dims));
  }
  /** An int64 constant (shapes, axes, pads, indices). */
  constInt64(values, dims = [values.length]) {
    const key = `i:${dims.join("x")}:${values.join(",")}`;
    return this.cached(key, () => this.initializer("shape", BigInt64Array.from(values.map(BigInt)), dims));
  }
  /** Adds one node with a single output and returns that output's name. */
  op(opType, inputs, attributes = {}) {
    const output = this.unique(opType.toLowerCase());
    this.addNode(opType, inputs, [output], attributes);
    return output;
  }
  /** Adds one node with several outputs and returns their names. */
  opMulti(opType, inputs, outputCount, attributes = {}) {
    const outputs = Array.from({ length: outputCount }, () => this.unique(opType.toLowerCase()));
    this.addNode(opType, inputs, outputs, attributes);
    return outputs;
  }
  /** Serialises the graph into an ONNX ModelProto. */
  toModel() {
    const graph = new ProtoMessage();
    for (const node of this.nodes)
      graph.message(1, node);
    graph.string(2, this.name);
    for (const tensor of this.initializers)
      graph.message(5, tensor);
    for (const input of this.inputs)
      graph.message(11, input);
    for (const output of this.outputs)
      graph.message(12, output);
    const opset = new ProtoMessage().string(1, "").varint(2, ONNX_OPSET);
    return new ProtoMessage().varint(1, ONNX_IR_VERSION).string(2, "painterly").message(7, graph).message(8, opset).toBytes();
  }
  opNamed(opType, inputs, output, attributes = {}) {
    this.claim(output);
    this.addNode(opType, inputs, [output], attributes);
    return output;
  }
  addNode(opType, inputs, outputs, attributes) {
    const node = new ProtoMessage();
    for (const input of inputs)
      node.string(1, input);
    for (const output of outputs)
      node.string(2, output);
    node.string(3, `${outputs[0]}_node`);
    node.string(4, opType);
    for (const [name, value] of Object.entries(attributes))
      node.message(5, attributeProto(name, value));
    this.nodes.push(node);
  }
  cached(key, make) {
    const existing = this.scalarCache.get(key);
    if (existing !== void 0)
      return existing;
    const created = make();
    this.scalarCache.set(key, created);
    return created;
  }
  unique(prefix) {
    let index = this.usedNames.size;
    let name = `${prefix}_${index}`;
    while (this.usedNames.has(name))
      name = `${prefix}_${++index}`;
    this.usedNames.add(name);
    return name;
  }
  claim(name) {
    if (this.usedNames.has(name))
      throw new Error(`GraphBuilder: the name "${name}" is already used`);
    this.usedNames.add(name);
  }
};
function tensorProto(name, dataType, rawData, dims) {
  const tensor = new ProtoMessage();
  tensor.packedVarints(1, dims);
  tensor.varint(2, dataType);
  tensor.string(8, name);
  tensor.bytes(9, rawData);
  return tensor;
}
function elementType(data) {
  return data instanceof Float32Array ? TensorType.float : data instanceof Int32Array ? TensorType.int32 : TensorType.int64;
}
function littleEndianBytes(data) {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
function valueInfo(name, elementType2, dims) {
  const shape = new ProtoMessage();
  for (const dim of dims)
    shape.message(1, new ProtoMessage().varint(1, dim));
  const tensorType = new ProtoMessage().varint(1, elementType2).message(2, shape);
  const type = new ProtoMessage().message(1, tensorType);
  return new ProtoMessage().string(1, name).message(2, type);
}
function attributeProto(name, value) {
  const attribute = new ProtoMessage().string(1, name);
  if ("int" in value)
    return attribute.varint(3, value.int).varint(20, 2);
  if ("float" in value)
    return attribute.float(2, value.float).varint(20, 1);
  if ("ints" in value)
    return attribute.packedVarints(8, value.ints).varint(20, 7);
  if ("floats" in value)
    return attribute.packedFloats(7, value.floats).varint(20, 6);
  return attribute.string(4, value.string).varint(20, 3);
}

// dist/src/engine/onnx/portable-ops.js
function emitSum(graph, values) {
  if (values.length === 0)
    throw new Error("emitSum: nothing to add");
  return values.slice(1).reduce((sum, value) => graph.op("Add", [sum, value]), values[0]);
}
function emitSpaceToDepth(graph, input, dims, block) {
  const [channels, height, width] = dims;
  if (height % block !== 0 || width % block !== 0)
    throw new Error(`emitSpaceToDepth: ${height}\xD7${width} is not a multiple of ${block}`);
  const [rows, columns] = [height / block, width / block];
  const split = graph.op("Reshape", [input, graph.constInt64([1, channels, rows, block, columns, block])]);
  const moved = graph.op("Transpose", [split], { perm: { ints: [0, 3, 5, 1, 2, 4] } });
  return graph.op("Reshape", [moved, graph.constInt64([1, block * block * channels, rows, columns])]);
}
function emitPositiveMask(graph, x) {
  return graph.op("Ceil", [graph.op("Clip", [x, graph.constFloat(0), graph.constFloat(1)])]);
}
function emitReluBackward(graph, gradient, activation) {
  return graph.op("Mul", [gradient, emitPositiveMask(graph, activation)]);
}
function alignedInChannels(channels) {
  return channels > 4 && channels % 4 !== 0 ? Math.ceil(channels / 4) * 4 : channels;
}
function emitZeroChannels(graph, input, inChannels, channels) {
  if (channels === inChannels)
    return input;
  return graph.op("Pad", [input, graph.constInt64([0, 0, 0, 0, 0, channels - inChannels, 0, 0])]);
}

export {
  GraphBuilder,
  emitSum,
  emitSpaceToDepth,
  emitPositiveMask,
  emitReluBackward,
  alignedInChannels,
  emitZeroChannels
};
