import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeGguf } from "./encode-gguf";
import { ensureTinyModel } from "./ensure-tiny-model";
import { readGguf } from "./read-gguf";
import { buildTinyVocab } from "./tiny-vocab";
import { buildTinyGguf, TINY_CHAT_TEMPLATE, TINY_MODEL } from "./write-tiny-gguf";

// Changing the generator changes this on purpose: every cached copy (.data/models, test caches) is then regenerated.
const TINY_SHA256 = "7564562e469ea781a59f7f83977cad8257018bea0397474c0dbcac086b510e13";

const tiny = buildTinyGguf();
const parsed = readGguf(tiny);
const tmp = mkdtempSync(path.join(os.tmpdir(), "tollgate-gguf-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("encodeGguf", () => {
  it("lays out header, metadata, tensor infos and aligned data byte for byte", () => {
    const data = new Float32Array([1, -2, 0.5]);
    const buf = encodeGguf([["a", { type: "uint32", value: 7 }], ["s", { type: "string", value: "hé" }]], [{ name: "t", dims: [3], data }]);
    expect(buf.subarray(0, 4).toString("latin1")).toBe("GGUF");
    expect(buf.readUInt32LE(4)).toBe(3); // version
    expect(buf.readBigUInt64LE(8)).toBe(1n); // tensors
    expect(buf.readBigUInt64LE(16)).toBe(2n); // metadata entries
    // "a": u64 length 1, "a", u32 type 4 (uint32), value 7
    expect(buf.readBigUInt64LE(24)).toBe(1n);
    expect(buf.toString("latin1", 32, 33)).toBe("a");
    expect(buf.readUInt32LE(33)).toBe(4);
    expect(buf.readUInt32LE(37)).toBe(7);
    // "s": type 8 (string), UTF-8 byte length 3
    expect(buf.readUInt32LE(50)).toBe(8);
    expect(buf.readBigUInt64LE(54)).toBe(3n);
    expect(buf.toString("utf8", 62, 65)).toBe("hé");
    const file = readGguf(buf);
    expect(file.tensors).toEqual([{ name: "t", dims: [3], ggmlType: 0, offset: 0 }]);
    expect(file.dataOffset % 32).toBe(0);
    expect(Array.from(new Float32Array(buf.buffer.slice(buf.byteOffset + file.dataOffset, buf.byteOffset + file.dataOffset + 12)))).toEqual([1, -2, 0.5]);
    expect(buf.length % 32).toBe(0);
  });

  it("refuses tensors whose dimensions do not match their data", () => {
    expect(() => encodeGguf([], [{ name: "bad", dims: [2, 2], data: new Float32Array(3) }])).toThrow(/bad: dims 2x2 hold 4 values, data has 3/);
    expect(() => encodeGguf([], [{ name: "flat", dims: [], data: new Float32Array(0) }])).toThrow(/1 to 4 dimensions/);
  });
});

describe("the tiny model", () => {
  it("writes the same bytes every time", () => {
    expect(createHash("sha256").update(tiny).digest("hex")).toBe(TINY_SHA256);
    expect(buildTinyGguf().equals(tiny)).toBe(true);
  });

  it("is a llama model with a tokenizer and a chat template llama.cpp reads", () => {
    const m = parsed.metadata;
    expect(parsed.version).toBe(3);
    expect(m.get("general.architecture")).toBe("llama");
    expect(m.get("general.file_type")).toBe(0);
    expect(m.get("llama.block_count")).toBe(TINY_MODEL.layers);
    expect(m.get("llama.embedding_length")).toBe(TINY_MODEL.embedding);
    expect(m.get("llama.attention.head_count")).toBe(TINY_MODEL.heads);
    expect(m.get("llama.rope.dimension_count")).toBe(TINY_MODEL.embedding / TINY_MODEL.heads);
    expect(m.get("llama.attention.layer_norm_rms_epsilon")).toBeCloseTo(1e-5, 10);
    expect(m.get("tokenizer.ggml.model")).toBe("llama");
    expect(m.get("tokenizer.chat_template")).toBe(TINY_CHAT_TEMPLATE);
    const tokens = m.get("tokenizer.ggml.tokens") as string[];
    expect(new Set(tokens).size).toBe(tokens.length);
    expect((m.get("tokenizer.ggml.scores") as number[]).length).toBe(tokens.length);
    expect((m.get("tokenizer.ggml.token_type") as number[]).length).toBe(tokens.length);
    expect(tokens[m.get("tokenizer.ggml.eos_token_id") as number]).toBe("<|im_end|>");
    expect(tokens[m.get("tokenizer.ggml.bos_token_id") as number]).toBe("<s>");
    expect(tokens).toContain("<0x0A>"); // byte fallback: any text encodes
    expect(m.get("llama.vocab_size")).toBe(tokens.length);
  });

  it("has every llama tensor with its shape, aligned and without overlap, about 1M parameters", () => {
    const { embedding: e, feedForward: ff, layers } = TINY_MODEL;
    const nVocab = buildTinyVocab().tokens.length;
    const byName = new Map(parsed.tensors.map((t) => [t.name, t]));
    expect(parsed.tensors).toHaveLength(3 + 9 * layers);
    expect(byName.get("token_embd.weight")?.dims).toEqual([e, nVocab]);
    expect(byName.get("output.weight")?.dims).toEqual([e, nVocab]);
    expect(byName.get(`blk.${layers - 1}.ffn_down.weight`)?.dims).toEqual([ff, e]);
    expect(byName.get("blk.0.ffn_gate.weight")?.dims).toEqual([e, ff]);
    let end = 0;
    for (const t of parsed.tensors) {
      expect(t.ggmlType).toBe(0);
      expect(t.offset % parsed.alignment).toBe(0);
      expect(t.offset).toBeGreaterThanOrEqual(end);
      end = t.offset + t.dims.reduce((a, b) => a * b, 1) * 4;
    }
    expect(parsed.dataOffset + end).toBeLessThanOrEqual(tiny.length);
    const params = parsed.tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
    expect(params).toBeGreaterThan(1_000_000);
    expect(params).toBeLessThan(6_000_000);
    const norm = byName.get("output_norm.weight")!;
    expect(tiny.readFloatLE(parsed.dataOffset + norm.offset)).toBe(1);
  });

  it("ensureTinyModel writes the file once and rewrites a stale one", async () => {
    const first = await ensureTinyModel(tmp);
    expect(first).toMatchObject({ path: path.join(tmp, "models", "tollgate-tiny.gguf"), sha256: TINY_SHA256, written: true });
    expect((await ensureTinyModel(tmp)).written).toBe(false);
    writeFileSync(first.path, "not a model");
    expect((await ensureTinyModel(tmp)).written).toBe(true);
    expect(readFileSync(first.path).equals(tiny)).toBe(true);
  });
});

describe("readGguf", () => {
  it("refuses what is not a GGUF file or is cut short", () => {
    expect(() => readGguf(Buffer.from("GGML0000"))).toThrow(/bad magic/);
    expect(() => readGguf(tiny.subarray(0, 100))).toThrow(/truncated|implausible/);
  });
});
