/**
 * A minimal protocol-buffers encoder: just enough wire format (varints, fixed32, length-delimited)
 * to write ONNX models. Messages are kept as lists of byte chunks so large tensors are copied once,
 * when the finished model is concatenated; a {@link DeferredBytes} chunk is only computed then,
 * straight into the model's bytes, so large derived tensors never exist on their own.
 *
 * @example
 * const message = new ProtoMessage().varint(1, 8).string(2, 'painterly');
 * const bytes = message.toBytes();
 */
/** Bytes of a known length, written only when the message is concatenated, straight into its bytes. */
export interface DeferredBytes {
  readonly length: number;
  /** Writes the bytes into `target` from `offset` on and returns how many it wrote (`length`). */
  writeTo(target: Uint8Array, offset: number): number;
}

type Chunk = Uint8Array | DeferredBytes;

export class ProtoMessage {
  private readonly chunks: Chunk[] = [];
  private byteLength = 0;

  /** Total encoded size in bytes. */
  get length(): number {
    return this.byteLength;
  }

  /** A varint-encoded integer field (wire type 0). Accepts values up to 2^53. */
  varint(field: number, value: number): this {
    this.tag(field, 0);
    this.push(encodeVarint(value));
    return this;
  }

  /** A 32-bit float field (wire type 5). */
  float(field: number, value: number): this {
    this.tag(field, 5);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  /** A length-delimited bytes field (wire type 2). The bytes are referenced, not copied, or produced at {@link toBytes}. */
  bytes(field: number, value: Uint8Array | DeferredBytes): this {
    this.tag(field, 2);
    this.push(encodeVarint(value.length));
    this.push(value);
    return this;
  }

  /** A UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** An embedded message field. */
  message(field: number, value: ProtoMessage): this {
    this.tag(field, 2);
    this.push(encodeVarint(value.length));
    for (const chunk of value.chunks) this.push(chunk);
    return this;
  }

  /** A packed repeated varint field. */
  packedVarints(field: number, values: readonly number[]): this {
    const encoded = values.map(encodeVarint);
    const total = encoded.reduce((sum, chunk) => sum + chunk.length, 0);
    this.tag(field, 2);
    this.push(encodeVarint(total));
    for (const chunk of encoded) this.push(chunk);
    return this;
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: readonly number[]): this {
    const data = new Float32Array(values);
    return this.bytes(field, new Uint8Array(data.buffer));
  }

  /** The whole message as one byte array. */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const chunk of this.chunks) {
      if (chunk instanceof Uint8Array) out.set(chunk, offset);
      else {
        const written = chunk.writeTo(out.subarray(offset, offset + chunk.length), 0);
        if (written !== chunk.length) throw new Error(`deferred bytes: expected ${chunk.length} bytes, got ${written}`);
      }
      offset += chunk.length;
    }
    return out;
  }

  private tag(field: number, wireType: number): void {
    this.push(encodeVarint(field * 8 + wireType));
  }

  private push(chunk: Chunk): void {
    this.chunks.push(chunk);
    this.byteLength += chunk.length;
  }
}

/** Encodes a non-negative integer (or a negative one as 64-bit two's complement) as a varint. */
export function encodeVarint(value: number): Uint8Array {
  if (!Number.isInteger(value)) throw new RangeError(`varint must be an integer, got ${value}`);
  let big = BigInt(value);
  if (big < 0n) big += 1n << 64n;
  const out: number[] = [];
  while (big >= 0x80n) {
    out.push(Number(big & 0x7fn) | 0x80);
    big >>= 7n;
  }
  out.push(Number(big));
  return Uint8Array.from(out);
}
