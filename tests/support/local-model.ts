// The real local model for integration tests: Tollgate's server on the
// generated tiny model (random weights), threads = 1. The model file is
// generated once into a shared directory and reused by every test file and
// run (ensureTinyModel rewrites it only when the generator changed).
//   const local = await startTestLocalModel();  // local.baseURL, local.modelName ("tollgate-tiny")
import os from "node:os";
import path from "node:path";
import { isLocalRunnerInstalled } from "../../lib/local-model/load-node-llama-cpp";
import { startLocalModel, type LocalModel, type StartLocalModelOptions } from "../../lib/local-model/start-local-model";

export const TEST_MODEL_DIR = path.join(os.tmpdir(), "tollgate-test-models");

/**
 * False only with TOLLGATE_LOCAL_MODEL=off: then tests of the real model skip. Otherwise the runner must be
 * installed (npm test installs it); a missing install fails the tests instead of skipping them silently.
 */
export const localModelAvailable = process.env.TOLLGATE_LOCAL_MODEL !== "off";
if (localModelAvailable && !isLocalRunnerInstalled()) {
  throw new Error("local-runner/node_modules is not installed: run `npm test` (it installs it) or set TOLLGATE_LOCAL_MODEL=off to skip the local-model tests");
}

export function startTestLocalModel(options: Omit<StartLocalModelOptions, "dataDir" | "modelPath"> = {}): Promise<LocalModel> {
  return startLocalModel({ dataDir: TEST_MODEL_DIR, threads: 1, ...options });
}
