// The generated tiny model on disk, written on first use. An existing file is
// kept only when it has exactly the bytes this version of the generator
// writes (a change to the generator regenerates it).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildTinyGguf, TINY_MODEL, writeTinyGguf } from "./write-tiny-gguf";

export function tinyModelPath(dataDir: string): string {
  return path.join(dataDir, "models", `${TINY_MODEL.name}.gguf`);
}

export interface TinyModelFile {
  path: string;
  sha256: string;
  bytes: number;
  /** False when the file was already there with the right bytes. */
  written: boolean;
}

export async function ensureTinyModel(dataDir: string): Promise<TinyModelFile> {
  const file = tinyModelPath(dataDir);
  const expected = buildTinyGguf();
  const sha256 = createHash("sha256").update(expected).digest("hex");
  const existing = await readFile(file).catch(() => null);
  if (existing && existing.length === expected.length && createHash("sha256").update(existing).digest("hex") === sha256) {
    return { path: file, sha256, bytes: expected.length, written: false };
  }
  await writeTinyGguf(file, expected);
  return { path: file, sha256, bytes: expected.length, written: true };
}
