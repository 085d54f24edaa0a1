import { ProtoMessage, type DeferredBytes } from './protobuf-writer.js';

/** ONNX tensor element types used by Painterly. */
export const TensorType = { float: 1, int32: 6, int64: 7, bool: 9 } as const;

/** A node attribute, tagged by kind (ONNX needs ints and floats told apart). */
export type Attribute =
  | { readonly int: number }
  | { readonly float: number }
  | { readonly ints: readonly number[] }
  | { readonly floats: readonly number[] }
  | { readonly string: string };

/**
 * Receives a float tensor's values in pieces while it is serialised: `values` go to elements
 * `offset`… of the tensor (see {@link GraphBuilder.deferredInitializer}).
 */
export type FloatSink = (values: Float32Array, offset: number) => void;

/** Constant tensor data for initializers. */
export type TensorData = Float32Array | Int32Array | BigInt64Array;

const ONNX_IR_VERSION = 8;
/** The ONNX operator set the graphs are written against (ReduceSum* still take `axes` as an attribute). */
export const ONNX_OPSET = 17;

/**
 * Builds an ONNX graph in TypeScript and serialises it to a model that ONNX Runtime (node or web)
 * can load. Names are made unique by the builder; every method returns the name of the value it
 * produced so graphs read like code.
 *
 * @example
 * const graph = new GraphBuilder('square');
 * const x = graph.input('x', [2]);
 * graph.output(graph.op('Mul', [x, x]), 'y', [2]);
 * const model = graph.toModel(); // Uint8Array, ready for InferenceSession.create(model)
 */
export class GraphBuilder {
  private readonly nodes: ProtoMessage[] = [];
  private readonly initializers: ProtoMessage[] = [];
  private readonly inputs: ProtoMessage[] = [];
  private readonly outputs: ProtoMessage[] = [];
  private readonly usedNames = new Set<string>();
  private readonly scalarCache = new Map<string, string>();

  constructor(private readonly name: string) {}

  /** Declares a float graph input of fixed shape. */
  input(name: string, dims: readonly number[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, TensorType.float, dims));
    return name;
  }

  /** Exposes `value` as a graph output named `name` (through an Identity when the names differ). */
  output(value: string, name: string, dims: readonly number[]): string {
    const outputName = value === name ? value : this.opNamed('Identity', [value], name);
    this.outputs.push(valueInfo(outputName, TensorType.float, dims));
    return outputName;
  }

  /** A constant tensor stored in the model. */
  initializer(prefix: string, data: TensorData, dims: readonly number[]): string {
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
  deferredInitializer(prefix: string, dims: readonly number[], fill: (sink: FloatSink) => void): string {
    const name = this.unique(prefix);
    const count = dims.reduce((product, dim) => product * dim, 1);
    const bytes: DeferredBytes = {
      length: 4 * count,
      writeTo(target, offset) {
        let written = 0;
        fill((values, at) => {
          if (!Number.isInteger(at) || at < 0 || at + values.length > count) throw new Error(`${name}: values ${at}…${at + values.length} outside its ${count} elements`);
          target.set(littleEndianBytes(values), offset + 4 * at);
          written += values.length;
        });
        return 4 * written;
      },
    };
    this.initializers.push(tensorProto(name, TensorType.float, bytes, dims));
    return name;
  }

  /** A float constant; scalars (dims []) are shared between uses. */
  constFloat(values: number | readonly number[], dims: readonly number[] = []): string {
    const list = typeof values === 'number' ? [values] : values;
    const key = `f:${dims.join('x')}:${list.join(',')}`;
    return this.cached(key, () => this.initializer('const', new Float32Array(list), dims));
  }

  /** An int64 constant (shapes, axes, pads, indices). */
  constInt64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `i:${dims.join('x')}:${values.join(',')}`;
    return this.cached(key, () => this.initializer('shape', BigInt64Array.from(values.map(BigInt)), dims));
  }

  /** Adds one node with a single output and returns that output's name. */
  op(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, Attribute>> = {}): string {
    const output = this.unique(opType.toLowerCase());
    this.addNode(opType, inputs, [output], attributes);
    return output;
  }

  /** Adds one node with several outputs and returns their names. */
  opMulti(
    opType: string,
    inputs: readonly string[],
    outputCount: number,
    attributes: Readonly<Record<string, Attribute>> = {},
  ): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.unique(opType.toLowerCase()));
    this.addNode(opType, inputs, outputs, attributes);
    return outputs;
  }

  /** Serialises the graph into an ONNX ModelProto. */
  toModel(): Uint8Array {
    const graph = new ProtoMessage();
    for (const node of this.nodes) graph.message(1, node);
    graph.string(2, this.name);
    for (const tensor of this.initializers) graph.message(5, tensor);
    for (const input of this.inputs) graph.message(11, input);
    for (const output of this.outputs) graph.message(12, output);
    const opset = new ProtoMessage().string(1, '').varint(2, ONNX_OPSET);
    return new ProtoMessage()
      .varint(1, ONNX_IR_VERSION)
      .string(2, 'painterly')
      .message(7, graph)
      .message(8, opset)
      .toBytes();
  }

  private opNamed(
    opType: string,
    inputs: readonly string[],
    output: string,
    attributes: Readonly<Record<string, Attribute>> = {},
  ): string {
    this.claim(output);
    this.addNode(opType, inputs, [output], attributes);
    return output;
  }

  private addNode(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Readonly<Record<string, Attribute>>,
  ): void {
    const node = new ProtoMessage();
    for (const input of inputs) node.string(1, input);
    for (const output of outputs) node.string(2, output);
    node.string(3, `${outputs[0]}_node`);
    node.string(4, opType);
    for (const [name, value] of Object.entries(attributes)) node.message(5, attributeProto(name, value));
    this.nodes.push(node);
  }

  private cached(key: string, make: () => string): string {
    const existing = this.scalarCache.get(key);
    if (existing !== undefined) return existing;
    const created = make();
    this.scalarCache.set(key, created);
    return created;
  }

  private unique(prefix: string): string {
    let index = this.usedNames.size;
    let name = `${prefix}_${index}`;
    while (this.usedNames.has(name)) name = `${prefix}_${++index}`;
    this.usedNames.add(name);
    return name;
  }

  private claim(name: string): void {
    if (this.usedNames.has(name)) throw new Error(`GraphBuilder: the name "${name}" is already used`);
    this.usedNames.add(name);
  }
}

function tensorProto(name: string, dataType: number, rawData: Uint8Array | DeferredBytes, dims: readonly number[]): ProtoMessage {
  const tensor = new ProtoMessage();
  tensor.packedVarints(1, dims);
  tensor.varint(2, dataType);
  tensor.string(8, name);
  tensor.bytes(9, rawData);
  return tensor;
}

function elementType(data: TensorData): number {
  return data instanceof Float32Array ? TensorType.float : data instanceof Int32Array ? TensorType.int32 : TensorType.int64;
}

function littleEndianBytes(data: TensorData): Uint8Array {
  // All supported platforms (x86-64, arm64, wasm) are little-endian, as ONNX raw_data requires.
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function valueInfo(name: string, elementType: number, dims: readonly number[]): ProtoMessage {
  const shape = new ProtoMessage();
  for (const dim of dims) shape.message(1, new ProtoMessage().varint(1, dim));
  const tensorType = new ProtoMessage().varint(1, elementType).message(2, shape);
  const type = new ProtoMessage().message(1, tensorType);
  return new ProtoMessage().string(1, name).message(2, type);
}

function attributeProto(name: string, value: Attribute): ProtoMessage {
  const attribute = new ProtoMessage().string(1, name);
  if ('int' in value) return attribute.varint(3, value.int).varint(20, 2);
  if ('float' in value) return attribute.float(2, value.float).varint(20, 1);
  if ('ints' in value) return attribute.packedVarints(8, value.ints).varint(20, 7);
  if ('floats' in value) return attribute.packedFloats(7, value.floats).varint(20, 6);
  return attribute.string(4, value.string).varint(20, 3);
}
