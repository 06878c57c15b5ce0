import { describe, expect, it } from "vitest";
import { measureRequestTimings } from "./measure-request-timings";

describe("measureRequestTimings", () => {
  it("measures a streamed answer from its content chunks", () => {
    // Sent at 50.25; chunks at 150.25 (TTFT 100), 160.25, 172.25; last byte at 173.25 (E2E 123).
    const t = measureRequestTimings({ sentAtMs: 50.25, chunkTimesMs: [150.25, 160.25, 172.25], endMs: 173.25, outputTokens: 3 });
    expect(t).toEqual({ ttftMs: 100, e2eMs: 123, tpotMs: 11.5, itlMs: [10, 12], outputTokensPerSec: 3 / 0.023 });
  });

  it("a non-streamed answer: TTFT = E2E, no ITL, TPOT and tokens/s unknown", () => {
    expect(measureRequestTimings({ sentAtMs: 0, chunkTimesMs: [], endMs: 400, outputTokens: 20 })).toEqual({ ttftMs: 400, e2eMs: 400, tpotMs: null, itlMs: [], outputTokensPerSec: null });
  });

  it("has no TPOT with one output token or unknown tokens, and tokens/s only when tokens are known", () => {
    const one = measureRequestTimings({ sentAtMs: 0, chunkTimesMs: [70], endMs: 75, outputTokens: 1 });
    expect(one).toMatchObject({ ttftMs: 70, tpotMs: null, itlMs: [], outputTokensPerSec: 200 });
    const unknown = measureRequestTimings({ sentAtMs: 0, chunkTimesMs: [10, 20], endMs: 30, outputTokens: null });
    expect(unknown).toMatchObject({ ttftMs: 10, e2eMs: 30, tpotMs: null, itlMs: [10], outputTokensPerSec: null });
    // An empty answer that still streamed a (tool-call header) chunk: 0 tokens/s, not a division by zero.
    expect(measureRequestTimings({ sentAtMs: 0, chunkTimesMs: [10], endMs: 30, outputTokens: 0 })).toMatchObject({ tpotMs: null, outputTokensPerSec: 0 });
  });

  it("E2E equal to TTFT (the last content chunk was the last byte) leaves tokens/s undefined", () => {
    expect(measureRequestTimings({ sentAtMs: 0, chunkTimesMs: [5, 9], endMs: 9, outputTokens: 2 })).toMatchObject({ ttftMs: 5, e2eMs: 9, tpotMs: 4, outputTokensPerSec: 500 });
    expect(measureRequestTimings({ sentAtMs: 0, chunkTimesMs: [9], endMs: 9, outputTokens: 1 }).outputTokensPerSec).toBeNull();
  });

  it("refuses clocks that run backwards or outside the request, naming the field", () => {
    const base = { sentAtMs: 100, chunkTimesMs: [110, 120], endMs: 130, outputTokens: 2 };
    expect(() => measureRequestTimings({ ...base, chunkTimesMs: [120, 110] })).toThrow(/chunkTimesMs\[1\]/);
    expect(() => measureRequestTimings({ ...base, chunkTimesMs: [90] })).toThrow(/chunkTimesMs\[0\]/);
    expect(() => measureRequestTimings({ ...base, chunkTimesMs: [140] })).toThrow(/chunkTimesMs\[0\]/);
    expect(() => measureRequestTimings({ ...base, chunkTimesMs: [Number.NaN] })).toThrow(/chunkTimesMs\[0\]/);
    expect(() => measureRequestTimings({ ...base, endMs: 99 })).toThrow(/endMs/);
    expect(() => measureRequestTimings({ ...base, sentAtMs: Infinity })).toThrow(/sentAtMs/);
    expect(() => measureRequestTimings({ ...base, outputTokens: -1 })).toThrow(/outputTokens/);
    expect(() => measureRequestTimings({ ...base, outputTokens: 2.5 })).toThrow(/outputTokens/);
  });
});
