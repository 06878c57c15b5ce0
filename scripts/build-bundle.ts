// `npm run start:web` and `npm run start:worker`'s first step: compile the process into one file
// (lib/runtime/build-process-bundle.ts) that plain node then runs, as `npm run up` does.
import path from "node:path";
import { buildProcessBundle, type ProcessKind } from "../lib/runtime/build-process-bundle";

const kind = process.argv[2];
if (kind !== "web" && kind !== "worker") {
  console.error("usage: tsx scripts/build-bundle.ts web|worker");
  process.exit(2);
}
const outfile = await buildProcessBundle(path.resolve(import.meta.dirname, ".."), kind as ProcessKind);
console.log(`built ${path.relative(process.cwd(), outfile)}`);
