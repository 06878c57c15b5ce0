// simulateScenario on a worker thread. The simulation is pure and CPU-bound
// (about 0.3-0.5 s for 90 days of the large data set); on the worker's own
// event loop it would hold up usage ingest and, worse, the timings of any
// benchmark run in flight in the same process (a TTFT read while the loop is
// blocked comes out late). The thread gets plain data (structured clone:
// Maps, bigints, Dates and typed arrays survive) and rebuilds the two
// functions the simulation takes, the token-ratio lookup and the local day.
// The thread can be started before its input exists (startSimulationThread),
// so that starting it costs no time of its own.
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

export interface SimulationThread {
  /** The one simulation this thread runs; call once. */
  run: (input: OffLoopSimulation) => Promise<ScenarioSimulation>;
  /** Ends the thread if it is still there (a run that never came, or failed). */
  stop: () => void;
}

/**
 * Starts the thread now and simulates later: its start (tsx and the simulation's modules in a
 * fresh isolate, about 0.4 s on the bench machine) overlaps the traffic read instead of following it.
 */
export function startSimulationThread(): SimulationThread {
  // The entry is TypeScript: the bootstrap registers tsx in the thread, then loads it. No inherited
  // execArgv: the worker process's own --import preloads are .ts files the thread cannot load before tsx.
  const thread = new Worker(ENTRY, { execArgv: [] });
  let failure: Error | null = null;
  let answered = false;
  let settle: ((answer: ThreadAnswer | Error) => void) | null = null;
  const deliver = (answer: ThreadAnswer | Error) => {
    if (answered) return;
    if (settle) {
      answered = true;
      settle(answer);
    } else if (answer instanceof Error) failure ??= answer;
  };
  thread.once("message", (answer: ThreadAnswer) => {
    deliver(answer);
    void thread.terminate();
  });
  thread.once("error", (error) => deliver(error));
  thread.once("exit", (code) => deliver(new Error(`the simulation thread exited (code ${code}) without an answer`)));
  return {
    run: (input) =>
      new Promise<ThreadAnswer | Error>((resolve) => {
        settle = resolve;
        if (failure) deliver(failure);
        else thread.postMessage(input);
      }).then((answer) => {
        if (answer instanceof Error) throw answer;
        if (answer.ok) return answer.sim;
        if (answer.kind === "input") throw new WhatIfInputError(answer.field, answer.message);
        if (answer.kind === "range") throw new RangeError(answer.message);
        throw new Error(answer.message);
      }),
    stop: () => void thread.terminate(),
  };
}

export function simulateOffLoop(input: OffLoopSimulation): Promise<ScenarioSimulation> {
  return startSimulationThread().run(input);
}
