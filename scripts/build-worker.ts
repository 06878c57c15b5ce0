// `npm run start:worker`'s first step: compile the worker into one file
// (lib/runtime/build-worker-bundle.ts) that plain node then runs, as `npm run up` does.
import path from "node:path";
import { buildWorkerBundle } from "../lib/runtime/build-worker-bundle";

const outfile = await buildWorkerBundle(path.resolve(import.meta.dirname, ".."));
console.log(`built ${path.relative(process.cwd(), outfile)}`);
