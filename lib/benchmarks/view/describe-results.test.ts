import { describe, expect, it } from "vitest";
import { checkLabels, describeVars, firstUserMessagePreview } from "./describe-case";
import { readCheckResults, readJudgePrompt } from "./read-check-results";
import { readMetricDefinitions, readRunDetails } from "./read-run-details";

describe("readRunDetails", () => {
  it("reads the stored summary's figures", () => {
    const d = readRunDetails({
      requests: 20, completed: 18, failed: 2, wallTimeMs: 8000, errorsByClass: { timeout: 1, upstream_5xx: 1 },
      latencyMs: { ttft: { count: 18, mean: 10, p50: 9, p90: 14, p95: 15, p99: 16 } },
      goodput: { objectives: { ttftMs: 200 }, goodRequests: 17, perSec: 2.1 },
      quality: { graded: 20, passed: 15, scored: 20 },
      cost: { perRequestUsd: "0.000019000", pricedRequests: 20, unpricedRequests: 0 },
      tokens: { input: { meanPerCase: 12.5 }, output: { meanPerCase: 40 } },
      hardwarePrice: { deploymentId: "d", hourlyCostUsd: "0.20", utilisation: "0.5", outputTokensPerSec: 500, outputPerMTokUsd: "0.222222222" },
    });
    expect(d.errorsByClass).toEqual([{ errorClass: "timeout", count: 1 }, { errorClass: "upstream_5xx", count: 1 }]);
    expect(d.latency.ttft).toEqual({ count: 18, mean: 10, p50: 9, p90: 14, p95: 15, p99: 16 });
    expect(d.latency.e2e.p50).toBeNull();
    expect(d.goodput).toEqual({ perSec: 2.1, goodRequests: 17, objectives: { ttftMs: 200 } });
    expect(d.hardwarePrice?.outputPerMTokUsd).toBe("0.222222222");
    expect(d.tokens).toEqual({ inputMeanPerCase: 12.5, outputMeanPerCase: 40 });
    expect(d.spend).toBeNull();
  });
  it("reads the run's cost split, and a malformed amount as null", () => {
    const d = readRunDetails({ spend: { totalUsd: "0.3", measuredUsd: "0.1", warmupUsd: "0.05", judgeUsd: "1e-3", judgeCalls: 4, judgeUnpricedCalls: 1 } });
    expect(d.spend).toEqual({ measuredUsd: "0.1", warmupUsd: "0.05", judgeUsd: null, judgeCalls: 4, judgeUnpricedCalls: 1 });
  });
  it("gives nulls, not zeros or crashes, for a missing or malformed summary", () => {
    for (const s of [null, undefined, "x", [], { latencyMs: "bad", errorsByClass: { a: "1" }, cost: { perRequestUsd: "1e5" }, hardwarePrice: { outputPerMTokUsd: 5 } }]) {
      const d = readRunDetails(s);
      expect(d.requests).toBeNull();
      expect(d.errorsByClass).toEqual([]);
      expect(d.cost.perRequestUsd).toBeNull();
      expect(d.hardwarePrice).toBeNull();
      expect(d.goodput).toBeNull();
    }
  });
});

describe("readMetricDefinitions", () => {
  it("lists stored definitions in order and skips malformed ones", () => {
    expect(readMetricDefinitions({ version: 1, metrics: { ttft: { label: "TTFT", unit: "ms", formula: "first - sent" }, bad: { label: 1 } } })).toEqual({
      version: 1, metrics: [{ key: "ttft", label: "TTFT", unit: "ms", formula: "first - sent" }],
    });
    expect(readMetricDefinitions(null)).toEqual({ version: null, metrics: [] });
  });
});

describe("readCheckResults", () => {
  it("reads each check with its judge", () => {
    const [c] = readCheckResults([{ type: "llm-rubric", pass: false, score: 0.2, weight: 1, reason: "off topic", judge: { model: "judge", prompt: "[]", output: "FAIL", requestId: "r", costUsd: "0.001" } }]);
    expect(c).toEqual({ type: "llm-rubric", pass: false, score: 0.2, weight: 1, reason: "off topic", metric: null, judge: { model: "judge", prompt: "[]", output: "FAIL", requestId: "r", costUsd: "0.001" } });
  });
  it("never reads a missing pass as passed", () => {
    expect(readCheckResults([{ type: "contains" }])[0]).toMatchObject({ pass: false, reason: "" });
    expect(readCheckResults("nope")).toEqual([]);
  });
  it("shows the judge's messages, or the stored text when it is not JSON", () => {
    expect(readJudgePrompt(JSON.stringify([{ role: "system", content: "grade" }]))).toEqual([{ role: "system", content: "grade" }]);
    expect(readJudgePrompt("plain")).toBe("plain");
  });
});

describe("describe a case", () => {
  it("previews the first user message", () => {
    expect(firstUserMessagePreview({ messages: [{ role: "system", content: "be brief" }, { role: "user", content: "What is\n the capital of {{country}}?" }], vars: { country: "France" } })).toBe("What is the capital of France?");
    expect(firstUserMessagePreview({ messages: [{ role: "user", content: "Hi {{name}}" }] })).toBe("Hi");
    expect(firstUserMessagePreview({ messages: [{ role: "user", content: [{ type: "text", text: "Describe" }, { type: "image_url", image_url: { url: "data:" } }] }] })).toBe("Describe [image]");
    expect(firstUserMessagePreview({ messages: [{ role: "user", content: "x".repeat(500) }] }, 10)).toBe(`${"x".repeat(9)}…`);
  });
  it("labels vars and checks", () => {
    expect(describeVars({ country: "France", long: "y".repeat(100) }, 5)).toEqual(["country=Fran…", "long=yyyy…"]);
    expect(describeVars({ city: "Paris" })).toEqual(["city=Paris"]);
    expect(checkLabels([{ type: "icontains", value: "paris", weight: 1 }, { type: "is-json", value: { type: "object" }, weight: 1 }])).toEqual(["icontains: paris", "is-json"]);
    expect(checkLabels([{ type: "equals", value: "{{label}}", weight: 1 }, { type: "contains", value: "x".repeat(30), weight: 1 }], 24, { label: "positive" })).toEqual(["equals: positive", "contains"]);
  });
});
