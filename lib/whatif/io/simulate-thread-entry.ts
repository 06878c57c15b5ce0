// The worker thread of simulate-off-loop.ts: one simulation, one answer.
// The input comes as the one message: the thread may start before it exists
// (startSimulationThread). Given a traffic plan instead of a profile, the
// thread reads the traffic itself over its own connection, so the JSON
// texts, rows and cells live and die in this thread's heap, never in the
// worker's (whose heap would otherwise keep growing from one run to the next).
import pg from "pg";
import { parentPort } from "node:worker_threads";
import { tokenRatioLookup } from "../measure-token-ratios";
import { scenarioScopeModels } from "../scenario-scope";
import { simulateScenario } from "../simulate-scenario";
import type { TrafficProfile } from "../traffic-profile";
import { WhatIfInputError } from "../whatif-inputs";
import { PIECE_SETTINGS, readTrafficProfile, type TrafficPieceQuery, type TrafficPlan } from "./read-traffic-pieces";
import { localDayOf } from "./local-day";
import type { OffLoopRun, OffLoopSimulation, ThreadAnswer, TrafficRead } from "./simulate-off-loop";

/** Each piece on its own connection from a pool of two (the reader keeps two in flight), in its own transaction. */
async function readWithOwnConnection(databaseUrl: string, plan: TrafficPlan) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const readPiece = async (piece: TrafficPieceQuery) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      for (const setting of PIECE_SETTINGS) await client.query(setting);
      const result = await client.query<{ rows: string }>(piece.text, piece.values);
      await client.query("COMMIT");
      return result.rows[0]!.rows;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  try {
    return await readTrafficProfile(plan, readPiece);
  } finally {
    await pool.end();
  }
}

async function answer(input: OffLoopSimulation | OffLoopRun): Promise<ThreadAnswer> {
  try {
    let profile: TrafficProfile;
    let read: TrafficRead | null = null;
    if ("traffic" in input) {
      const loaded = await readWithOwnConnection(input.traffic.databaseUrl, input.traffic.plan);
      profile = loaded.profile;
      read = { cells: profile.cells.length, groups: loaded.groups, notRerouted: loaded.notRerouted };
      parentPort!.postMessage({ kind: "read" });
    } else profile = input.profile;
    const sim = simulateScenario(
      input.scenario,
      { profile, catalog: input.catalog, quality: input.quality, latency: input.latency, ratios: tokenRatioLookup(input.ratioPairs) },
      { seed: input.seed, dayOf: localDayOf(input.timeZone) },
    );
    return { ok: true, sim, read, scopeModels: scenarioScopeModels(sim.plan.moves, profile.cells, input.scenario.localBurst) };
  } catch (error) {
    if (error instanceof WhatIfInputError) return { ok: false, kind: "input", field: error.field, message: error.message.slice(error.field.length + 2) };
    if (error instanceof RangeError) return { ok: false, kind: "range", message: error.message };
    return { ok: false, kind: "other", message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort!.once("message", (input: OffLoopSimulation | OffLoopRun) => {
  void answer(input).then((a) => parentPort!.postMessage(a));
});
