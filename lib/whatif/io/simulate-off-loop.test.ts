import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tokenRatioLookup } from "../measure-token-ratios";
import { scenarioSchema } from "../scenario-schema";
import { simulateScenario } from "../simulate-scenario";
import type { TrafficProfile } from "../traffic-profile";
import { WhatIfInputError } from "../whatif-inputs";
import { catalog, cell } from "@/tests/support/whatif-fixtures";
import { localDayOf } from "./local-day";
import { simulateOffLoop, startSimulationThread, type OffLoopSimulation } from "./simulate-off-loop";

const hour = (h: number) => new Date(Date.UTC(2026, 2, 1, h));
const cells = Array.from({ length: 3_000 }, (_, i) => cell({ hour: hour(i % 3), projectId: `p${i % 7}`, tags: i % 2 ? ["batch"] : [], requests: 10 + (i % 5), costNano: BigInt(1_000_000 + i) }));
const profile: TrafficProfile = { from: hour(0), to: hour(3), cells };
const scenario = scenarioSchema.parse({
  name: "t", range: { from: "2026-03-01T00:00:00Z", to: "2026-03-01T03:00:00Z" },
  rules: [
    { match: { tags: ["batch"] }, sharePercent: 60, target: { model: "gpt-5-nano" }, suiteId: "s1" },
    { match: { projectIds: ["p1", "p2"] }, sharePercent: 100, target: { model: "claude-haiku-4.5" } },
  ],
});
const quality = new Map([["s1", new Map([["gpt-5", { passed: 9, graded: 10, runIds: ["r1"] }], ["gpt-5-nano", { passed: 7, graded: 10, runIds: ["r2"] }]])]]);
const latency = new Map([["gpt-5", { ttftMs: [800, 900], outputTokensPerSec: [50], runIds: ["r1"] }], ["gpt-5-nano", { ttftMs: [200, 250], outputTokensPerSec: [150], runIds: ["r2"] }]]);
const input: OffLoopSimulation = { scenario, profile, catalog, quality, latency, ratioPairs: [], seed: 7, timeZone: "Europe/Berlin" };

describe("simulateOffLoop", () => {
  it("answers exactly what simulateScenario answers on this thread", async () => {
    const here = simulateScenario(scenario, { profile, catalog, quality, latency, ratios: tokenRatioLookup([]) }, { seed: 7, dayOf: localDayOf("Europe/Berlin") });
    const there = await simulateOffLoop(input);
    expect(there).toEqual(here);
    expect(there.cost.totals.simulatedNano).toBeTypeOf("bigint");
  });

  it("leaves this event loop free while it simulates", async () => {
    let turns = 0;
    let running = true;
    const spin = () => { turns += 1; if (running) setImmediate(spin); };
    setImmediate(spin);
    await simulateOffLoop(input);
    running = false;
    // Starting the thread alone takes many turns; a simulation on this loop would allow none until it returned.
    expect(turns).toBeGreaterThan(10);
  });

  it("gives bad input back as the error it was, so the job still fails the run at once", async () => {
    const backwards = simulateOffLoop({ ...input, profile: { ...profile, from: hour(3), to: hour(0) } });
    await expect(backwards).rejects.toBeInstanceOf(RangeError);
    // A target priced only from June: re-pricing March traffic at it is bad input.
    const unpriced = simulateOffLoop({ ...input, scenario: { ...scenario, rules: [{ ...scenario.rules[1]!, target: { model: "later" } }] } });
    const error = await unpriced.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WhatIfInputError);
    expect(error).toMatchObject({ field: "target", message: expect.stringContaining('"later" has no price in effect') });
  });

  it("answers the same when started before its input exists, as the job starts it before the traffic is read", async () => {
    const thread = startSimulationThread();
    await new Promise((r) => setTimeout(r, 1500));
    const here = simulateScenario(scenario, { profile, catalog, quality, latency, ratios: tokenRatioLookup([]) }, { seed: 7, dayOf: localDayOf("Europe/Berlin") });
    const answered = await thread.run(input);
    expect(answered.sim).toEqual(here);
    // Given a profile, the thread read nothing; the rules' SCOPE models come back with the answer.
    expect(answered.read).toBeNull();
    expect(answered.scopeModels.map((r) => r.rule)).toEqual([0, 1]);
    thread.stop();
  });

  it("can be stopped before it was given anything (the traffic read failed), without an error left behind", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      startSimulationThread().stop();
      await new Promise((r) => setTimeout(r, 500));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("works in a process started as the worker is, with a TypeScript preload the thread must not inherit", () => {
    const child = spawnSync(process.execPath, ["--import", "tsx", "--import", "./lib/runtime/stop-with-parent.ts", "tests/support/simulate-off-loop-child.ts"], { encoding: "utf8", timeout: 60_000 });
    expect(child.stderr).not.toContain("Unknown file extension");
    expect(child.stdout.trim()).toBe("simulated 0");
  });
});
