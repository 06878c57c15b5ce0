// The web and worker processes as `npm run up` runs them: each entry and all
// of Tollgate it imports compiled into one JavaScript file (packages stay in
// node_modules), run by plain node. Through `node --import tsx` a process
// also ran tsx's module-loader thread, an isolate of its own that kept every
// transformed source (about 40 MB of the worker's resident memory at rest,
// bench:whatif), and every function tsx compiled was wrapped to keep its name
// (about 10% of the proxy's CPU per request, bench:proxy A/B 2026-12-03).
// The worker's simulation-thread code is built in as well
// (simulation-thread-code.ts), so the running worker never calls esbuild.
// Built on every start (well under a second), so a bundle is never stale.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildSimulationThreadCode } from "../whatif/io/simulation-thread-code";

export type ProcessKind = "web" | "worker";

const ENTRIES: Record<ProcessKind, string> = { web: "./scripts/start-web.ts", worker: "./workers/index.ts" };

/** Where a bundle goes: inside the checkout, so its imports of packages resolve from node_modules. */
export const bundlePath = (root: string, name: string) => path.join(root, ".data", "build", `${name}.mjs`);

export async function buildProcessBundle(root: string, kind: ProcessKind): Promise<string> {
  // stop-with-parent first, as `up` needs it in every child (lib/runtime/stop-with-parent.ts).
  const contents = `import "./lib/runtime/stop-with-parent.ts";\nimport "${ENTRIES[kind]}";\n`;
  const define: Record<string, string> = kind === "worker" ? { __SIMULATION_THREAD_CODE__: JSON.stringify(await buildSimulationThreadCode()) } : {};
  return buildBundle(root, kind, contents, define);
}

/** Compiles `contents` (TypeScript importing from the checkout) to .data/build/<name>.mjs. */
export async function buildBundle(root: string, name: string, contents: string, define: Record<string, string> = {}): Promise<string> {
  const esbuild = await import("esbuild");
  const outfile = bundlePath(root, name);
  const built = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: `${name}-entry.ts`, loader: "ts" },
    bundle: true, packages: "external", platform: "node", format: "esm", target: "node20", outfile,
    // A map next to it for reading a stack trace; node does not load it (no --enable-source-maps: it would hold the maps in memory).
    sourcemap: "linked", logLevel: "warning", write: false, define,
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
