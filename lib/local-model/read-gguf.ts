// Reads a GGUF file's header, metadata and tensor infos back (tests check the
// writer with it; nothing else trusts it with foreign files beyond its bounds
// checks). Tensor data is not copied: offsets say where each tensor starts.
import { GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, GGUF_VALUE_TYPE } from "./gguf-format";

export interface GgufTensorInfo {
  name: string;
  dims: number[];
  ggmlType: number;
  /** From the start of the data section. */
  offset: number;
}

export interface GgufFile {
  version: number;
  metadata: Map<string, unknown>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute byte offset of the data section. */
  dataOffset: number;
}

const typeNames = Object.fromEntries(Object.entries(GGUF_VALUE_TYPE).map(([k, v]) => [v, k])) as Record<number, keyof typeof GGUF_VALUE_TYPE>;
const MAX_ITEMS = 10_000_000;

export function readGguf(buf: Buffer): GgufFile {
  const r = new ByteReader(buf);
  if (buf.subarray(0, 4).toString("latin1") !== GGUF_MAGIC) throw new Error("not a GGUF file (bad magic)");
  r.skip(4);
  const version = r.u32();
  const tensorCount = r.count();
  const kvCount = r.count();
  const metadata = new Map<string, unknown>();
  for (let i = 0; i < kvCount; i++) {
    const key = r.string();
    metadata.set(key, readValue(r, r.u32()));
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = r.string();
    const nDims = r.u32();
    if (nDims < 1 || nDims > 4) throw new Error(`tensor ${name}: ${nDims} dimensions`);
    const dims = Array.from({ length: nDims }, () => r.count());
    tensors.push({ name, dims, ggmlType: r.u32(), offset: r.count() });
  }
  const alignment = typeof metadata.get("general.alignment") === "number" ? (metadata.get("general.alignment") as number) : GGUF_DEFAULT_ALIGNMENT;
  const dataOffset = Math.ceil(r.position / alignment) * alignment;
  return { version, metadata, tensors, alignment, dataOffset };
}

function readValue(r: ByteReader, typeId: number): unknown {
  const type = typeNames[typeId];
  if (type === "array") {
    const itemType = r.u32();
    const n = r.count();
    const values: unknown[] = [];
    for (let i = 0; i < n; i++) values.push(readValue(r, itemType));
    return values;
  }
  switch (type) {
    case "string": return r.string();
    case "bool": return r.take(1).readUInt8() !== 0;
    case "uint8": return r.take(1).readUInt8();
    case "int8": return r.take(1).readInt8();
    case "uint16": return r.take(2).readUInt16LE();
    case "int16": return r.take(2).readInt16LE();
    case "uint32": return r.u32();
    case "int32": return r.take(4).readInt32LE();
    case "float32": return r.take(4).readFloatLE();
    case "float64": return r.take(8).readDoubleLE();
    case "uint64": return r.take(8).readBigUInt64LE();
    case "int64": return r.take(8).readBigInt64LE();
    default: throw new Error(`unknown GGUF value type ${typeId} at byte ${r.position}`);
  }
}

class ByteReader {
  position = 0;
  constructor(private readonly buf: Buffer) {}

  take(n: number): Buffer {
    if (this.position + n > this.buf.length) throw new Error(`GGUF truncated at byte ${this.position}`);
    const out = this.buf.subarray(this.position, this.position + n);
    this.position += n;
    return out;
  }

  skip(n: number) { this.take(n); }
  u32() { return this.take(4).readUInt32LE(); }

  /** A u64 count or size, refused when it could not be real. */
  count(): number {
    const v = this.take(8).readBigUInt64LE();
    if (v > BigInt(Math.max(MAX_ITEMS, this.buf.length))) throw new Error(`GGUF count ${v} at byte ${this.position - 8} is implausible`);
    return Number(v);
  }

  string(): string {
    return this.take(this.count()).toString("utf8");
  }
}
