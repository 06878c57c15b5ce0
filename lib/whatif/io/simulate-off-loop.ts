// simulateScenario on a worker thread. The simulation is pure and CPU-bound
// (about 0.3-0.5 s for 90 days of the large data set); on the worker's own
// event loop it would hold up usage ingest and, worse, the timings of any
// benchmark run in flight in the same process (a TTFT read while the loop is
// blocked comes out late). The thread gets plain data (structured clone:
// Maps, bigints, Dates and typed arrays survive) and rebuilds the two
// functions the simulation takes, the token-ratio lookup and the local day.
// Errors come back as what they were: bad input stays a WhatIfInputError or
// a RangeError, so the job still fails such a run at once.
import { Worker } from "node:worker_threads";
import type { Scenario } from "../scenario-schema";
import type { ScenarioSimulation } from "../simulate-scenario";
import type { TrafficProfile } from "../traffic-profile";
import { WhatIfInputError, type LatencyTable, type QualityTable, type WhatIfCatalog } from "../whatif-inputs";
import type { RatioPair } from "./benchmark-measurements";

export interface OffLoopSimulation {
  scenario: Scenario;
  profile: TrafficProfile;
  catalog: WhatIfCatalog;
  quality: QualityTable;
  latency: LatencyTable;
  ratioPairs: readonly RatioPair[];
  seed: number;
  timeZone: string;
}

export type ThreadAnswer =
  | { ok: true; sim: ScenarioSimulation }
  | { ok: false; kind: "input"; field: string; message: string }
  | { ok: false; kind: "range" | "other"; message: string };

const ENTRY = new URL("./simulate-thread-bootstrap.mjs", import.meta.url);

export function simulateOffLoop(input: OffLoopSimulation): Promise<ScenarioSimulation> {
  return new Promise((resolve, reject) => {
    // The entry is TypeScript: the bootstrap registers tsx in the thread, then loads it. No inherited
    // execArgv: the worker process's own --import preloads are .ts files the thread cannot load before tsx.
    const thread = new Worker(ENTRY, { workerData: input, execArgv: [] });
    let answered = false;
    thread.once("message", (answer: ThreadAnswer) => {
      answered = true;
      if (answer.ok) resolve(answer.sim);
      else if (answer.kind === "input") reject(new WhatIfInputError(answer.field, answer.message));
      else if (answer.kind === "range") reject(new RangeError(answer.message));
      else reject(new Error(answer.message));
      void thread.terminate();
    });
    thread.once("error", (error) => {
      if (!answered) reject(error);
    });
    thread.once("exit", (code) => {
      if (!answered) reject(new Error(`the simulation thread exited (code ${code}) without an answer`));
    });
  });
}
