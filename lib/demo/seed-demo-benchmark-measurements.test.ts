import { describe, expect, it } from "vitest";
import { summariseRun } from "../benchmarks/metrics/summarise-run";
import { DEMO_MODEL_PROFILES, demoBenchmarkResults } from "./seed-demo-benchmark-measurements";

const cases = Array.from({ length: 40 }, (_, i) => `case-${i}`);

describe("demoBenchmarkResults", () => {
  it("is the same for the same seed, three repeats of every case, without token counts", () => {
    const profile = DEMO_MODEL_PROFILES[0]!;
    const a = demoBenchmarkResults(cases, profile, 7);
    expect(demoBenchmarkResults(cases, profile, 7)).toEqual(a);
    expect(a).toHaveLength(cases.length * 3);
    expect(a.every((r) => r.inputTokens === null && r.outputTokens === null && r.errorClass === null)).toBe(true);
  });

  it("lands near each profile's pass rate and TTFT, and summarises as a run does", () => {
    for (const profile of DEMO_MODEL_PROFILES) {
      const results = demoBenchmarkResults(cases, profile, 11);
      const summary = summariseRun(results, { wallTimeMs: 60_000, objectives: {}, casesCount: cases.length });
      expect(Math.abs(summary.quality.passRate! - profile.passRate)).toBeLessThan(0.1);
      expect(summary.latencyMs.ttft.p50!).toBeGreaterThan(profile.ttftMs * 0.7);
      expect(summary.latencyMs.ttft.p50!).toBeLessThan(profile.ttftMs * 1.6);
    }
  });
});
