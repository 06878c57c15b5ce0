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
//
// Memory (bench:whatif measures the worker process, this thread included):
// the thread runs plain JavaScript (simulation-thread-code.ts), reads the
// traffic itself (simulate-thread-entry.ts), and its young generation is
// capped, since the simulation keeps little alive and the default
// semi-spaces grow to tens of megabytes it never needs.
import { Worker } from "node:worker_threads";
import type { RuleScopeModels } from "../scenario-scope";
import type { Scenario } from "../scenario-schema";
import type { ScenarioSimulation } from "../simulate-scenario";
import type { TrafficProfile } from "../traffic-profile";
import { WhatIfInputError, type LatencyTable, type QualityTable, type WhatIfCatalog } from "../whatif-inputs";
import type { RatioPair } from "./benchmark-measurements";
import type { TrafficPlan } from "./read-traffic-pieces";
import { simulationThreadCode } from "./simulation-thread-code";
import type { NotRerouted } from "./traffic-cells-from-rows";

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

/** A run that reads its own traffic in the thread (the job's way): the plan, and where to read it. */
export interface OffLoopRun extends Omit<OffLoopSimulation, "profile"> {
  traffic: { databaseUrl: string; plan: TrafficPlan };
}

/** What the thread read, for the result's details (the cells themselves stay in the thread). */
export interface TrafficRead {
  cells: number;
  groups: number;
  notRerouted: NotRerouted;
}

export interface ThreadResult {
  sim: ScenarioSimulation;
  /** Null when the profile was given. */
  read: TrafficRead | null;
  scopeModels: RuleScopeModels[];
}

export type ThreadAnswer =
  | ({ ok: true } & ThreadResult)
  | { ok: false; kind: "input"; field: string; message: string }
  | { ok: false; kind: "range" | "other"; message: string };

const THREAD_LIMITS = { maxYoungGenerationSizeMb: 8 };

export interface SimulationThread {
  /** The one simulation this thread runs; call once. `onRead`: the thread has read its traffic (an OffLoopRun). */
  run: (input: OffLoopSimulation | OffLoopRun, onRead?: () => void) => Promise<ThreadResult>;
  /** Ends the thread if it is still there (a run that never came, or failed). */
  stop: () => void;
}

/** Starts the thread now and simulates later: its start overlaps planning the traffic read instead of following it. */
export function startSimulationThread(): SimulationThread {
  let thread: Worker | null = null;
  let stopped = false;
  let failure: Error | null = null;
  let answered = false;
  let settle: ((answer: ThreadAnswer | Error) => void) | null = null;
  let onRead: (() => void) | undefined;
  const deliver = (answer: ThreadAnswer | Error) => {
    if (answered) return;
    if (settle) {
      answered = true;
      settle(answer);
    } else if (answer instanceof Error) failure ??= answer;
  };
  let pending: OffLoopSimulation | OffLoopRun | null = null;
  simulationThreadCode().then(
    (code) => {
      if (stopped) return;
      // No inherited execArgv: the worker process's own --import preloads are .ts files.
      thread = new Worker(code, { eval: true, execArgv: [], resourceLimits: THREAD_LIMITS });
      thread.on("message", (message: ThreadAnswer | { kind: "read" }) => {
        if ("kind" in message && message.kind === "read") return onRead?.();
        deliver(message as ThreadAnswer);
        void thread!.terminate();
      });
      thread.once("error", (error) => deliver(error));
      thread.once("exit", (code) => deliver(new Error(`the simulation thread exited (code ${code}) without an answer`)));
      if (pending) thread.postMessage(pending);
    },
    (error: unknown) => deliver(error instanceof Error ? error : new Error(String(error))),
  );
  return {
    run: (input, readHook) =>
      new Promise<ThreadAnswer | Error>((resolve) => {
        settle = resolve;
        onRead = readHook;
        if (failure) deliver(failure);
        else if (thread) thread.postMessage(input);
        else pending = input;
      }).then((answer) => {
        if (answer instanceof Error) throw answer;
        if (answer.ok) return { sim: answer.sim, read: answer.read, scopeModels: answer.scopeModels };
        if (answer.kind === "input") throw new WhatIfInputError(answer.field, answer.message);
        if (answer.kind === "range") throw new RangeError(answer.message);
        throw new Error(answer.message);
      }),
    stop: () => {
      stopped = true;
      void thread?.terminate();
    },
  };
}

export async function simulateOffLoop(input: OffLoopSimulation): Promise<ScenarioSimulation> {
  return (await startSimulationThread().run(input)).sim;
}
