// The worker as `npm run up` runs it: workers/index.ts and all of Tollgate it
// imports compiled into one JavaScript file (packages stay in node_modules),
// run by plain node. Through `node --import tsx` the process also ran tsx's
// module-loader thread, an isolate of its own that kept every transformed
// source: about 40 MB of the worker's resident memory at rest
// (bench:whatif). The simulation thread's code is built in as well
// (simulation-thread-code.ts), so the running worker never calls esbuild.
// Built on every start (well under a second), so it is never stale.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildSimulationThreadCode } from "../whatif/io/simulation-thread-code";

/** Where the bundle goes: inside the checkout, so its imports of packages resolve from node_modules. */
export const workerBundlePath = (root: string) => path.join(root, ".data", "build", "worker.mjs");

export async function buildWorkerBundle(root: string): Promise<string> {
  const esbuild = await import("esbuild");
  const outfile = workerBundlePath(root);
  const threadCode = await buildSimulationThreadCode();
  const built = await esbuild.build({
    // stop-with-parent first, as `--import` preloads it into the web process (lib/runtime/stop-with-parent.ts).
    stdin: { contents: 'import "./lib/runtime/stop-with-parent.ts";\nimport "./workers/index.ts";\n', resolveDir: root, sourcefile: "worker-entry.ts", loader: "ts" },
    bundle: true, packages: "external", platform: "node", format: "esm", target: "node20", outfile,
    // A map next to it for reading a stack trace; node does not load it (no --enable-source-maps: it would hold the maps in memory).
    sourcemap: "linked", logLevel: "warning", write: false,
    define: { __SIMULATION_THREAD_CODE__: JSON.stringify(threadCode) },
  });
  await esbuild.stop();
  // Written beside and renamed into place: two `up`s from one checkout (other data dirs) never run a half-written file.
  await mkdir(path.dirname(outfile), { recursive: true });
  for (const file of built.outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    await writeFile(partial, file.contents);
    await rename(partial, file.path);
  }
  return outfile;
}
