// The worker thread of simulate-off-loop.ts: one simulation, one answer.
import { parentPort, workerData } from "node:worker_threads";
import { tokenRatioLookup } from "../measure-token-ratios";
import { simulateScenario } from "../simulate-scenario";
import { WhatIfInputError } from "../whatif-inputs";
import { localDayOf } from "./local-day";
import type { OffLoopSimulation, ThreadAnswer } from "./simulate-off-loop";

const input = workerData as OffLoopSimulation;
let answer: ThreadAnswer;
try {
  const sim = simulateScenario(
    input.scenario,
    { profile: input.profile, catalog: input.catalog, quality: input.quality, latency: input.latency, ratios: tokenRatioLookup(input.ratioPairs) },
    { seed: input.seed, dayOf: localDayOf(input.timeZone) },
  );
  answer = { ok: true, sim };
} catch (error) {
  if (error instanceof WhatIfInputError) answer = { ok: false, kind: "input", field: error.field, message: error.message.slice(error.field.length + 2) };
  else if (error instanceof RangeError) answer = { ok: false, kind: "range", message: error.message };
  else answer = { ok: false, kind: "other", message: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(answer);
