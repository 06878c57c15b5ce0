// Writes Tollgate's tiny demo/test model (random weights, see
// lib/local-model/write-tiny-gguf.ts) and prints where it is.
//   npx tsx scripts/make-tiny-gguf.ts            -> <TOLLGATE_DATA_DIR or .data>/models/tollgate-tiny.gguf
//   npx tsx scripts/make-tiny-gguf.ts --out x.gguf
import { createHash } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadDataDir } from "../lib/env/data-dir-env";
import { ensureTinyModel } from "../lib/local-model/ensure-tiny-model";
import { readGguf } from "../lib/local-model/read-gguf";
import { buildTinyGguf, writeTinyGguf } from "../lib/local-model/write-tiny-gguf";

const { values } = parseArgs({ options: { out: { type: "string" } } });

async function main() {
  let file: string;
  let bytes: Buffer;
  if (values.out) {
    file = path.resolve(values.out);
    bytes = buildTinyGguf();
    await writeTinyGguf(file, bytes);
  } else {
    const ensured = await ensureTinyModel(loadDataDir());
    file = ensured.path;
    bytes = buildTinyGguf();
    if (!ensured.written) console.log("already up to date");
  }
  const params = readGguf(bytes).tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
  console.log(`${file}\n  ${(bytes.length / 1e6).toFixed(1)} MB, ${(params / 1e6).toFixed(2)}M parameters (f32), sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
  console.log("  random weights: answers are gibberish; only its timing means anything");
}

main().catch((error: unknown) => {
  console.error(`make-tiny-gguf: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
