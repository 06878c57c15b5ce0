// TTFT, TPOT, ITL and goodput checked against numbers worked out by hand from
// the chunk timestamps of a synthetic run (issue 11, "Accuracy and speed").
import { describe, expect, it } from "vitest";
import { measureRequestTimings } from "./measure-request-timings";
import { summariseRun, type ResultForSummary } from "./summarise-run";

// Five requests of one run (client clock, ms):
//   A  sent 1000, content chunks at 1180, 1200.5, 1221, 1240, 1262.5, last byte 1263, 5 output tokens
//   B  sent 1010, content chunks at 1260, 1300 (a chunk carried 2 tokens), last byte 1301, 3 output tokens
//   C  sent 1020, not streamed, answer complete at 1420, 8 output tokens
//   D  sent 1030, one content chunk at 1100, last byte 1105, 1 output token
//   E  sent 1040, timed out at 1500 (failed)
const streams = {
  A: { sentAtMs: 1000, chunkTimesMs: [1180, 1200.5, 1221, 1240, 1262.5], endMs: 1263, outputTokens: 5 },
  B: { sentAtMs: 1010, chunkTimesMs: [1260, 1300], endMs: 1301, outputTokens: 3 },
  C: { sentAtMs: 1020, chunkTimesMs: [], endMs: 1420, outputTokens: 8 },
  D: { sentAtMs: 1030, chunkTimesMs: [1100], endMs: 1105, outputTokens: 1 },
};

describe("metrics of a synthetic run, against the hand computation", () => {
  it("per request: TTFT, E2E, TPOT, ITL, tokens/s", () => {
    // A: TTFT = 1180 - 1000 = 180; E2E = 1263 - 1000 = 263;
    //    TPOT = (263 - 180) / (5 - 1) = 83 / 4 = 20.75;
    //    ITL = 1200.5-1180, 1221-1200.5, 1240-1221, 1262.5-1240 = 20.5, 20.5, 19, 22.5;
    //    tokens/s = 5 / 0.083 s = 60.2409...
    const a = measureRequestTimings(streams.A);
    expect(a.ttftMs).toBe(180);
    expect(a.e2eMs).toBe(263);
    expect(a.tpotMs).toBe(20.75);
    expect(a.itlMs).toEqual([20.5, 20.5, 19, 22.5]);
    expect(a.outputTokensPerSec).toBeCloseTo(60.240963855, 8);
    // B: TTFT = 250; E2E = 291; TPOT = (291 - 250) / (3 - 1) = 20.5; ITL = [40]; tokens/s = 3 / 0.041 = 73.1707...
    expect(measureRequestTimings(streams.B)).toEqual({ ttftMs: 250, e2eMs: 291, tpotMs: 20.5, itlMs: [40], outputTokensPerSec: expect.closeTo(73.170731707, 8) });
    // C (not streamed): TTFT = E2E = 400; no TPOT, no ITL, no tokens/s.
    expect(measureRequestTimings(streams.C)).toEqual({ ttftMs: 400, e2eMs: 400, tpotMs: null, itlMs: [], outputTokensPerSec: null });
    // D (one token): TTFT = 70; E2E = 75; no TPOT; tokens/s = 1 / 0.005 = 200.
    expect(measureRequestTimings(streams.D)).toEqual({ ttftMs: 70, e2eMs: 75, tpotMs: null, itlMs: [], outputTokensPerSec: 200 });
  });

  it("per run: pooled ITL, percentiles, throughput and goodput", () => {
    const rows: ResultForSummary[] = Object.entries(streams).map(([caseId, s]) => ({
      caseId, errorClass: null, ...measureRequestTimings(s), inputTokens: 10, outputTokens: s.outputTokens, costUsd: null, passed: null, score: null,
    }));
    rows.push({ caseId: "E", errorClass: "timeout", ttftMs: null, e2eMs: 460, tpotMs: null, itlMs: [], outputTokensPerSec: null, inputTokens: null, outputTokens: null, costUsd: null, passed: null, score: null });
    // Wall time: first request sent at 1000, last answer (E's timeout) at 1500 -> 500 ms.
    // Objectives TTFT <= 260 ms and TPOT <= 20.75 ms:
    //   A 180 <= 260 and 20.75 <= 20.75: good; B 250 and 20.5: good; C 400 > 260: not;
    //   D 70 and no TPOT (one token, meets it as in vLLM): good; E failed: not.  -> 3 good.
    const s = summariseRun(rows, { wallTimeMs: 500, objectives: { ttftMs: 260, tpotMs: 20.75 }, casesCount: 5 });

    expect(s).toMatchObject({ requests: 5, completed: 4, failed: 1, errorRate: 0.2, errorsByClass: { timeout: 1 } });
    // goodput = 3 good / 0.5 s = 6 req/s; request throughput = 4 completed / 0.5 s = 8 req/s.
    expect(s.goodput).toEqual({ objectives: { ttftMs: 260, tpotMs: 20.75 }, goodRequests: 3, perSec: 6 });
    expect(s.requestThroughputPerSec).toBe(8);
    // Aggregate output throughput = (5 + 3 + 8 + 1) tokens / 0.5 s = 34 tok/s.
    expect(s.outputTokensPerSec.aggregate).toBe(34);

    // TTFT over completed requests: 180, 250, 400, 70 -> sorted 70, 180, 250, 400;
    //   mean 900 / 4 = 225; p50 at index 1.5 = (180 + 250) / 2 = 215;
    //   p90 at index 2.7 = 250 + 0.7 x 150 = 355.
    expect(s.latencyMs.ttft).toMatchObject({ count: 4, mean: 225, min: 70, p50: 215, max: 400 });
    expect(s.latencyMs.ttft.p90).toBeCloseTo(355, 9);
    // TPOT only where defined (A, B): 20.75, 20.5 -> mean 20.625.
    expect(s.latencyMs.tpot).toMatchObject({ count: 2, mean: 20.625, min: 20.5, max: 20.75 });
    // ITL pooled over A and B: 20.5, 20.5, 19, 22.5, 40 -> sorted 19, 20.5, 20.5, 22.5, 40;
    //   mean 122.5 / 5 = 24.5; p50 = 20.5; p90 at index 3.6 = 22.5 + 0.6 x 17.5 = 33;
    //   std = sqrt(((19-24.5)^2 + 2(20.5-24.5)^2 + (22.5-24.5)^2 + (40-24.5)^2) / 5)
    //       = sqrt((30.25 + 32 + 4 + 240.25) / 5) = sqrt(306.5 / 5) = sqrt(61.3).
    expect(s.latencyMs.itl).toMatchObject({ count: 5, mean: 24.5, min: 19, p50: 20.5, max: 40 });
    expect(s.latencyMs.itl.p90).toBeCloseTo(33, 9);
    expect(s.latencyMs.itl.std).toBeCloseTo(Math.sqrt(61.3), 12);
    // E2E of completed requests: 263, 291, 400, 75 (the failed request's 460 is left out) -> max 400.
    expect(s.latencyMs.e2e).toMatchObject({ count: 4, mean: 257.25, max: 400 });
  });
});
