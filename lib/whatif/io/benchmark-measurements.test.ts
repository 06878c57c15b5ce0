import { describe, expect, it } from "vitest";
import { tokenRatioLookup } from "../measure-token-ratios";
import { latencyFromSamples, passRateOf, qualityFromRuns, ratioPairsFromRuns, tokensByCase, type LatestRun } from "./benchmark-measurements";

const cases = (n: number, tokens: (i: number) => number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, tokens(i)]));
const summary = (passed: number, graded: number, input: Record<string, number> = {}, output: Record<string, number> = {}) => ({
  quality: { graded, passed }, tokens: { input: { byCase: input }, output: { byCase: output } },
});
const run = (runId: string, suiteId: string, model: string, s: unknown): LatestRun => ({ runId, suiteId, model, summary: s });

describe("measurements from benchmark runs", () => {
  it("reads pass rates defensively: a missing, malformed or ungraded quality is unmeasured, never 0", () => {
    expect(passRateOf(summary(3, 4))).toEqual({ passed: 3, graded: 4 });
    expect(passRateOf(summary(0, 0))).toBeNull();
    expect(passRateOf({ quality: { graded: "4", passed: 3 } })).toBeNull();
    expect(passRateOf({ quality: { graded: 4, passed: 5 } })).toBeNull();
    expect(passRateOf(null)).toBeNull();
    expect(passRateOf({})).toBeNull();
  });

  it("builds suite -> model -> pass rate with the run it came from", () => {
    const table = qualityFromRuns([run("r1", "s1", "a", summary(3, 4)), run("r2", "s1", "b", summary(0, 0)), run("r3", "s2", "a", summary(1, 2))]);
    expect(table.get("s1")?.get("a")).toEqual({ passed: 3, graded: 4, runIds: ["r1"] });
    expect(table.get("s1")?.has("b")).toBe(false);
    expect(table.get("s2")?.get("a")).toEqual({ passed: 1, graded: 2, runIds: ["r3"] });
  });

  it("keeps only finite non-negative per-case token means", () => {
    expect(tokensByCase({ tokens: { input: { byCase: { a: 10, b: -1, c: "3", d: 2.5 } } } }, "input")).toEqual({ a: 10, d: 2.5 });
    expect(tokensByCase({}, "output")).toEqual({});
  });

  it("pools a model's latency samples over its runs, and leaves out a model without both TTFT and tokens/s", () => {
    const runs = [run("r1", "s1", "a", {}), run("r2", "s2", "a", {}), run("r3", "s1", "b", {})];
    const table = latencyFromSamples(runs, [
      { runId: "r1", ttftMs: 100, outputTokensPerSec: 50 },
      { runId: "r2", ttftMs: 120, outputTokensPerSec: null },
      { runId: "r2", ttftMs: Number.NaN, outputTokensPerSec: 0 },
      { runId: "r3", ttftMs: 90, outputTokensPerSec: null },
      { runId: "unknown", ttftMs: 1, outputTokensPerSec: 1 },
    ]);
    expect(table.get("a")).toEqual({ ttftMs: [100, 120], outputTokensPerSec: [50], runIds: ["r1", "r2"] });
    expect(table.has("b")).toBe(false);
  });

  it("pairs each ordered pair of models on the suite where both answered the most cases, and measures from it", () => {
    const runs = [
      run("a1", "small", "a", summary(1, 1, cases(5, () => 100), cases(5, () => 50))),
      run("b1", "small", "b", summary(1, 1, cases(5, () => 120), cases(5, () => 60))),
      run("a2", "big", "a", summary(1, 1, cases(8, () => 100), cases(8, () => 40))),
      run("b2", "big", "b", summary(1, 1, cases(8, () => 110), cases(8, () => 60))),
      run("c1", "other", "c", summary(1, 1, cases(8, () => 10), cases(8, () => 10))),
    ];
    const pairs = ratioPairsFromRuns(runs);
    expect(pairs.map((p) => `${p.sourceModel}->${p.targetModel}@${p.suiteId}`)).toEqual(["a->b@big", "b->a@big"]);
    const ratios = tokenRatioLookup(pairs)("a", "b");
    expect(ratios.input.point).toBe("1.1");
    expect(ratios.output.point).toBe("1.5");
    expect(ratios.inputSource).toEqual({ kind: "measured", suiteId: "big", cases: 8, sourceRunIds: ["a2"], targetRunIds: ["b2"] });
  });
});
