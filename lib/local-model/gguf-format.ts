// The GGUF container (llama.cpp's model file, version 3), as far as Tollgate
// writes and reads it: little-endian throughout; a header (magic, version,
// tensor count, metadata count), typed key/value metadata, tensor infos
// (name, dimensions innermost first, ggml type, offset into the data
// section), then the tensor data, each tensor starting on `general.alignment`.
export const GGUF_MAGIC = "GGUF";
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Metadata value type ids as the format numbers them. */
export const GGUF_VALUE_TYPE = {
  uint8: 0, int8: 1, uint16: 2, int16: 3, uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9, uint64: 10, int64: 11, float64: 12,
} as const;

export type GgufScalarType = Exclude<keyof typeof GGUF_VALUE_TYPE, "array">;

/** One metadata value; 64-bit integers are bigints so nothing is rounded. */
export type GgufValue =
  | { type: "uint32" | "int32" | "float32" | "uint8" | "int8" | "uint16" | "int16" | "float64"; value: number }
  | { type: "uint64" | "int64"; value: bigint }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "array"; itemType: GgufScalarType; values: readonly (number | bigint | boolean | string)[] };

/** ggml tensor types used here (f32 only: the tiny model is not quantised). */
export const GGML_TYPE_F32 = 0;

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the innermost (contiguous) dimension, e.g. [n_embd, n_vocab] for token_embd. */
  dims: readonly number[];
  data: Float32Array;
}
