// Serialises metadata and f32 tensors into one GGUF v3 file (see gguf-format.ts).
// Deterministic: the same entries in the same order give the same bytes.
import os from "node:os";
import { GGML_TYPE_F32, GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, GGUF_VALUE_TYPE, GGUF_VERSION, type GgufScalarType, type GgufTensor, type GgufValue } from "./gguf-format";

export type GgufMetadata = readonly (readonly [key: string, value: GgufValue])[];

export function encodeGguf(metadata: GgufMetadata, tensors: readonly GgufTensor[]): Buffer {
  const alignment = alignmentOf(metadata);
  const w = new ByteWriter();
  w.raw(Buffer.from(GGUF_MAGIC, "ascii"));
  w.u32(GGUF_VERSION);
  w.u64(BigInt(tensors.length));
  w.u64(BigInt(metadata.length));
  for (const [key, value] of metadata) {
    w.string(key);
    w.u32(GGUF_VALUE_TYPE[value.type]);
    writeValue(w, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    const elements = t.dims.reduce((a, b) => a * b, 1);
    if (t.dims.length < 1 || t.dims.length > 4) throw new Error(`tensor ${t.name}: 1 to 4 dimensions, got ${t.dims.length}`);
    if (elements !== t.data.length) throw new Error(`tensor ${t.name}: dims ${t.dims.join("x")} hold ${elements} values, data has ${t.data.length}`);
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(BigInt(d));
    w.u32(GGML_TYPE_F32);
    w.u64(BigInt(offset));
    offsets.push(offset);
    offset = alignUp(offset + t.data.byteLength, alignment);
  }
  w.padTo(alignment);
  const dataStart = w.length;
  tensors.forEach((t, i) => {
    w.padTo(alignment, dataStart + offsets[i]!);
    w.f32s(t.data);
  });
  w.padTo(alignment);
  return w.toBuffer();
}

export const alignUp = (n: number, alignment: number) => Math.ceil(n / alignment) * alignment;

function alignmentOf(metadata: GgufMetadata): number {
  const entry = metadata.find(([k]) => k === "general.alignment")?.[1];
  if (!entry) return GGUF_DEFAULT_ALIGNMENT;
  if (entry.type !== "uint32" || entry.value <= 0 || entry.value % 8 !== 0) throw new Error("general.alignment must be a uint32 multiple of 8");
  return entry.value;
}

function writeValue(w: ByteWriter, v: GgufValue): void {
  if (v.type === "array") {
    w.u32(GGUF_VALUE_TYPE[v.itemType]);
    w.u64(BigInt(v.values.length));
    for (const item of v.values) writeScalar(w, v.itemType, item);
  } else {
    writeScalar(w, v.type, v.value);
  }
}

function writeScalar(w: ByteWriter, type: GgufScalarType, value: number | bigint | boolean | string): void {
  switch (type) {
    case "string": return w.string(String(value));
    case "bool": return w.u8(value ? 1 : 0);
    case "uint8": return w.u8(Number(value));
    case "int8": return w.fixed(1, (b) => b.writeInt8(Number(value)));
    case "uint16": return w.fixed(2, (b) => b.writeUInt16LE(Number(value)));
    case "int16": return w.fixed(2, (b) => b.writeInt16LE(Number(value)));
    case "uint32": return w.u32(Number(value));
    case "int32": return w.fixed(4, (b) => b.writeInt32LE(Number(value)));
    case "float32": return w.fixed(4, (b) => b.writeFloatLE(Number(value)));
    case "float64": return w.fixed(8, (b) => b.writeDoubleLE(Number(value)));
    case "uint64": return w.u64(BigInt(value as bigint | number));
    case "int64": return w.fixed(8, (b) => b.writeBigInt64LE(BigInt(value as bigint | number)));
  }
}

/** An append-only byte buffer that grows by doubling. */
class ByteWriter {
  private buf = Buffer.alloc(1 << 16);
  length = 0;

  private ensure(extra: number) {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length;
    while (size < this.length + extra) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  fixed(bytes: number, write: (b: Buffer) => void) {
    this.ensure(bytes);
    write(this.buf.subarray(this.length, this.length + bytes));
    this.length += bytes;
  }

  u8(v: number) { this.fixed(1, (b) => b.writeUInt8(v)); }
  u32(v: number) { this.fixed(4, (b) => b.writeUInt32LE(v)); }
  u64(v: bigint) { this.fixed(8, (b) => b.writeBigUInt64LE(v)); }

  /** Little-endian whatever the host's byte order (a plain copy on little-endian hosts). */
  f32s(values: Float32Array) {
    if (os.endianness() === "LE") return this.raw(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    this.ensure(values.byteLength);
    for (const v of values) {
      this.buf.writeFloatLE(v, this.length);
      this.length += 4;
    }
  }

  string(s: string) {
    const bytes = Buffer.from(s, "utf8");
    this.u64(BigInt(bytes.length));
    this.raw(bytes);
  }

  raw(bytes: Uint8Array) {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Zero bytes up to the next multiple of `alignment` (or up to `target`). */
  padTo(alignment: number, target = alignUp(this.length, alignment)) {
    if (target < this.length) throw new Error("GGUF layout: padding target behind the write position");
    this.ensure(target - this.length);
    this.buf.fill(0, this.length, target);
    this.length = target;
  }

  toBuffer(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
