import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson-interval";
import { summariseRun, type ResultForSummary } from "./summarise-run";

const row = (over: Partial<ResultForSummary>): ResultForSummary => ({
  caseId: "a", errorClass: null, ttftMs: 100, e2eMs: 300, tpotMs: 10, itlMs: [10], outputTokensPerSec: 50,
  inputTokens: 10, outputTokens: 21, costUsd: null, passed: null, score: null, ...over,
});
const options = { wallTimeMs: 1000, objectives: {}, casesCount: 3 };
// A Prisma Decimal as the row would carry it.
const decimal = (s: string) => ({ toFixed: () => s });

const rows: ResultForSummary[] = [
  row({ caseId: "a", costUsd: "0.000000001", inputTokens: 100, outputTokens: 10, passed: true, score: 1 }),
  row({ caseId: "a", costUsd: "0.000000002", inputTokens: 100, outputTokens: 14, passed: false, score: "0.5" }),
  row({ caseId: "b", costUsd: decimal("0.100000000"), inputTokens: 40, outputTokens: 20, passed: true, score: decimal("0.750000000") }),
  row({ caseId: "b", errorClass: "cut_stream", costUsd: "0.05", ttftMs: 5000, passed: false, score: 0 }),
  row({ caseId: "c", costUsd: null, inputTokens: 7, outputTokens: 3 }),
  row({ caseId: "c", errorClass: "timeout", costUsd: null, ttftMs: null, outputTokens: null }),
];

describe("summariseRun", () => {
  it("counts errors by class and leaves failed requests out of latency", () => {
    const s = summariseRun(rows, options);
    expect(s).toMatchObject({ requests: 6, completed: 4, failed: 2, errorRate: 2 / 6, errorsByClass: { cut_stream: 1, timeout: 1 }, cases: { total: 3, completed: 3 } });
    // The cut stream's 5000 ms TTFT is not in the distribution.
    expect(s.latencyMs.ttft).toMatchObject({ count: 4, max: 100 });
    expect(s.latencyMs.itl.count).toBe(4);
    expect(s.outputTokensPerSec.aggregate).toBe(10 + 14 + 20 + 3);
    expect(s.requestThroughputPerSec).toBe(4);
  });

  it("adds costs exactly and divides means with one half-to-even rounding at 9 decimals", () => {
    const { cost } = summariseRun(rows, options);
    expect(cost).toEqual({
      // 0.000000001 + 0.000000002 + 0.1 + 0.05 (the failed, billed stream included)
      totalUsd: "0.150000003",
      // (0.000000001 + 0.000000002 + 0.1) / 3 = 0.0333333343...
      perRequestUsd: "0.033333334",
      // case a mean 0.0000000015, case b mean 0.1 (its completed request): (0.1000000015 / 2) x 1000
      per1000CasesUsd: "50.000000750",
      pricedRequests: 4,
      unpricedRequests: 1,
    });
    // 0.0000000015 and 0.0000000025 are ties: both round to the even nano.
    expect(summariseRun([row({ costUsd: "0.000000001" }), row({ costUsd: "0.000000002" })], options).cost.perRequestUsd).toBe("0.000000002");
    expect(summariseRun([row({ costUsd: "0.000000003" }), row({ costUsd: "0.000000002" })], options).cost.perRequestUsd).toBe("0.000000002");
    // Sums far beyond a float's 15-16 digits stay exact.
    const big = Array.from({ length: 3 }, () => row({ costUsd: "123456789.123456789" }));
    expect(summariseRun(big, options).cost).toMatchObject({ totalUsd: "370370367.370370367", perRequestUsd: "123456789.123456789" });
  });

  it("reports tokens per case as the mean over repeats, and the mean of those", () => {
    const { tokens } = summariseRun(rows, options);
    expect(tokens.input).toEqual({ byCase: { a: 100, b: 40, c: 7 }, meanPerCase: 49, count: 4 });
    expect(tokens.output).toEqual({ byCase: { a: 12, b: 20, c: 3 }, meanPerCase: 35 / 3, count: 4 });
  });

  it("gives the pass rate over graded requests with its Wilson interval, and the mean score with its count", () => {
    const { quality } = summariseRun(rows, options);
    expect(quality).toEqual({ graded: 4, passed: 2, passRate: 0.5, passRateInterval95: wilsonInterval(2, 4), meanScore: (1 + 0.5 + 0.75 + 0) / 4, scored: 4 });
  });

  it("goodput is null when no objective is named, and counts only requests meeting all named ones", () => {
    expect(summariseRun(rows, options).goodput).toBeNull();
    const s = summariseRun([row({ ttftMs: 100, e2eMs: 900 }), row({ ttftMs: 100, e2eMs: 1100 }), row({ ttftMs: 300, e2eMs: 500 }), row({ ttftMs: null })], { ...options, wallTimeMs: 2000, objectives: { ttftMs: 200, e2eMs: 1000 } });
    expect(s.goodput).toEqual({ objectives: { ttftMs: 200, e2eMs: 1000 }, goodRequests: 1, perSec: 0.5 });
  });

  it("an empty run or a zero wall time gives nulls, never NaN, and the summary survives JSON unchanged", () => {
    const empty = summariseRun([], { wallTimeMs: 0, objectives: { tpotMs: 50 }, casesCount: 0 });
    expect(empty).toMatchObject({ requests: 0, errorRate: null, requestThroughputPerSec: null, goodput: { goodRequests: 0, perSec: null }, cost: { totalUsd: "0.000000000", perRequestUsd: null, per1000CasesUsd: null } });
    expect(empty.quality).toEqual({ graded: 0, passed: 0, passRate: null, passRateInterval95: null, meanScore: null, scored: 0 });
    for (const s of [empty, summariseRun(rows, options), summariseRun([row({ caseId: "__proto__" })], options)]) {
      expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    }
    expect(summariseRun([row({ caseId: "__proto__" })], options).tokens.input.byCase).toEqual(JSON.parse('{"__proto__": 10}'));
  });

  it("refuses a bad row, naming its index and field", () => {
    expect(() => summariseRun([row({}), row({ ttftMs: Number.NaN })], options)).toThrow(/results\[1\]\.ttftMs/);
    expect(() => summariseRun([row({ itlMs: [1, -2] })], options)).toThrow(/results\[0\]\.itlMs\[1\]/);
    expect(() => summariseRun([row({ costUsd: "0.0000000001" })], options)).toThrow(/results\[0\]\.costUsd/);
    expect(() => summariseRun([row({ costUsd: "-1" })], options)).toThrow(/results\[0\]\.costUsd must not be negative/);
    expect(() => summariseRun([row({ costUsd: "1e3" })], options)).toThrow(/results\[0\]\.costUsd/);
    expect(() => summariseRun([row({ score: "" })], options)).toThrow(/results\[0\]\.score/);
    expect(() => summariseRun([row({ outputTokens: 1.5 })], options)).toThrow(/results\[0\]\.outputTokens/);
    expect(() => summariseRun([row({ caseId: "" })], options)).toThrow(/results\[0\]\.caseId/);
    expect(() => summariseRun([], { ...options, wallTimeMs: -1 })).toThrow(/wallTimeMs/);
    expect(() => summariseRun([], { ...options, objectives: { ttftMs: 0 } })).toThrow(/objectives\.ttftMs/);
  });
});
