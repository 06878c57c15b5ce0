// The worker thread of simulate-off-loop.ts: one simulation, one answer.
// The input comes as the one message: the thread may start before the
// traffic is read (startSimulationThread).
import { parentPort } from "node:worker_threads";
import { tokenRatioLookup } from "../measure-token-ratios";
import { simulateScenario } from "../simulate-scenario";
import { WhatIfInputError } from "../whatif-inputs";
import { localDayOf } from "./local-day";
import type { OffLoopSimulation, ThreadAnswer } from "./simulate-off-loop";

function simulate(input: OffLoopSimulation): ThreadAnswer {
  try {
    const sim = simulateScenario(
      input.scenario,
      { profile: input.profile, catalog: input.catalog, quality: input.quality, latency: input.latency, ratios: tokenRatioLookup(input.ratioPairs) },
      { seed: input.seed, dayOf: localDayOf(input.timeZone) },
    );
    return { ok: true, sim };
  } catch (error) {
    if (error instanceof WhatIfInputError) return { ok: false, kind: "input", field: error.field, message: error.message.slice(error.field.length + 2) };
    if (error instanceof RangeError) return { ok: false, kind: "range", message: error.message };
    return { ok: false, kind: "other", message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort!.once("message", (input: OffLoopSimulation) => parentPort!.postMessage(simulate(input)));
