// The simulation thread's code (simulate-off-loop.ts): its entry and all it
// imports bundled into one CommonJS text (node builtins outside), so the
// thread needs no TypeScript loader. Registering tsx inside the thread
// started a module-loader thread with an isolate of its own for every run.
// The worker as `npm run up` starts it (lib/runtime/build-process-bundle.ts)
// carries the text built in; anywhere else (tests, tsx) it is built on first
// use with esbuild, which tsx brings.
import { fileURLToPath } from "node:url";

declare const __SIMULATION_THREAD_CODE__: string | undefined;

const ENTRY = fileURLToPath(new URL("./simulate-thread-entry.ts", import.meta.url));

export async function buildSimulationThreadCode(): Promise<string> {
  const esbuild = await import("esbuild");
  const out = await esbuild.build({
    entryPoints: [ENTRY], bundle: true, write: false, platform: "node", format: "cjs", target: "node20", logLevel: "silent",
    // pg's optional native binding and its Cloudflare socket are never loaded here.
    external: ["pg-native", "pg-cloudflare"],
  });
  return out.outputFiles[0]!.text;
}

let built: Promise<string> | null = null;

export function simulationThreadCode(): Promise<string> {
  if (typeof __SIMULATION_THREAD_CODE__ === "string") return Promise.resolve(__SIMULATION_THREAD_CODE__);
  built ??= buildSimulationThreadCode().then(
    async (code) => {
      // Built once per process; esbuild's service process is not kept for it.
      await (await import("esbuild")).stop();
      return code;
    },
    (error: unknown) => {
      built = null;
      throw error;
    },
  );
  return built;
}
