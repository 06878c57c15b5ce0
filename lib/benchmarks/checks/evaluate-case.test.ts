import { describe, expect, it, vi } from "vitest";
import { caseSchema, type SuiteCase } from "../suite-schema";
import type { JudgeFn } from "./check-types";
import { MAX_CHECKED_OUTPUT_CHARS, evaluateCase } from "./evaluate-case";

const testCase = (fields: Record<string, unknown>): SuiteCase => caseSchema.parse({ id: "c1", messages: [{ role: "user", content: "{{q}}" }], ...fields });

describe("evaluateCase", () => {
  it("passes when every check passes and fails when one fails, without a threshold", async () => {
    const c = testCase({ checks: [{ type: "icontains", value: "paris" }, { type: "not-contains", value: "London" }] });
    expect(await evaluateCase(c, { output: "It is Paris." })).toMatchObject({ passed: true, score: 1 });
    const r = await evaluateCase(c, { output: "Paris, not London." });
    expect(r).toMatchObject({ passed: false, score: 0.5 });
    expect(r.checks[1]).toMatchObject({ type: "not-contains", pass: false, score: 0, reason: 'output contains "London"' });
  });

  it("renders {{vars}} into check values", async () => {
    const c = testCase({ vars: { q: "x", label: "negative" }, checks: [{ type: "equals", value: "{{label}}" }, { type: "contains-all", value: ["{{ label }}"] }] });
    expect((await evaluateCase(c, { output: "negative" })).passed).toBe(true);
    expect((await evaluateCase(c, { output: "positive" })).passed).toBe(false);
  });

  it("uses the weighted mean against a case threshold", async () => {
    const c = testCase({ threshold: 0.75, checks: [{ type: "contains", value: "a", weight: 3 }, { type: "contains", value: "b", weight: 1 }] });
    expect(await evaluateCase(c, { output: "a" })).toMatchObject({ passed: true, score: 0.75 });
    expect(await evaluateCase(c, { output: "b" })).toMatchObject({ passed: false, score: 0.25 });
    const thirds = testCase({ threshold: 2 / 3, checks: [{ type: "contains", value: "a" }, { type: "contains", value: "b" }, { type: "contains", value: "c" }] });
    expect((await evaluateCase(thirds, { output: "ab" })).passed).toBe(true); // 0.666… reaches 2/3 despite float error
  });

  it("reports weight-0 checks without letting them gate or score the case", async () => {
    const c = testCase({ checks: [{ type: "contains", value: "ok" }, { type: "equals", value: "ok", weight: 0 }] });
    const r = await evaluateCase(c, { output: "ok!" });
    expect(r).toMatchObject({ passed: true, score: 1 });
    expect(r.checks[1]).toMatchObject({ pass: false, weight: 0 });
    expect(await evaluateCase(testCase({ checks: [] }), { output: "" })).toMatchObject({ passed: true, score: 1, checks: [] });
  });

  it("never inverts an error: a not- check with a bad configuration still fails", async () => {
    const c = testCase({ checks: [{ type: "not-regex", value: "(a)\\1" }] });
    const r = await evaluateCase(c, { output: "anything" });
    expect(r.passed).toBe(false);
    expect(r.checks[0]).toMatchObject({ pass: false, score: 0, reason: expect.stringMatching(/linear-time/) });
  });

  it("fails measurement checks whose data is missing, with a reason", async () => {
    const c = testCase({ checks: [{ type: "latency", threshold: 500 }, { type: "cost", threshold: 0.01 }] });
    const r = await evaluateCase(c, { output: "x", e2eMs: null, costUsd: null });
    expect(r.passed).toBe(false);
    expect(r.checks.map((x) => x.reason)).toEqual([expect.stringMatching(/no end-to-end latency/), expect.stringMatching(/unpriced/)]);
    expect((await evaluateCase(c, { output: "x", e2eMs: 120, costUsd: "0.000400000" })).passed).toBe(true);
  });

  it("reads tool calls as JSON for string checks, as promptfoo does", async () => {
    const tools = [{ type: "function", function: { name: "get_weather", parameters: { type: "object", required: ["city"], properties: { city: { type: "string" } } } } }];
    const c = testCase({ tools, checks: [{ type: "is-valid-openai-tools-call" }, { type: "contains", value: '"name":"get_weather"' }, { type: "icontains", value: "oslo" }] });
    const toolCalls = [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }];
    expect(await evaluateCase(c, { output: "", toolCalls })).toMatchObject({ passed: true });
    expect((await evaluateCase(c, { output: "It is sunny in Oslo." })).checks.map((x) => x.pass)).toEqual([false, false, true]);
  });

  it("calls the judge for llm-rubric with the check's provider, else the suite's judge model", async () => {
    const judge: JudgeFn = vi.fn(async () => ({ output: '{"reason":"polite","pass":true,"score":0.9}', requestId: "r1", costUsd: null }));
    const c = testCase({ vars: { q: "x", tone: "polite" }, checks: [{ type: "llm-rubric", value: "The answer is {{tone}}" }, { type: "llm-rubric", value: "Is short", provider: "judge-b" }] });
    const r = await evaluateCase(c, { output: "Thank you!" }, { judge, judgeModel: "judge-a" });
    expect(r).toMatchObject({ passed: true, score: 0.9 });
    expect(vi.mocked(judge).mock.calls.map(([req]) => req.model)).toEqual(["judge-a", "judge-b"]);
    expect(r.checks[0]!.judge).toMatchObject({ model: "judge-a", requestId: "r1" });
    expect(r.checks[0]!.judge!.prompt).toContain("The answer is polite");
  });

  it("truncates huge outputs before checking and says so", async () => {
    const c = testCase({ checks: [{ type: "contains", value: "END" }] });
    const r = await evaluateCase(c, { output: "x".repeat(MAX_CHECKED_OUTPUT_CHARS) + "END" });
    expect(r).toMatchObject({ passed: false, outputTruncated: true });
  });

  it("stays fast on adversarial output for every text and JSON check", async () => {
    const c = testCase({
      checks: [
        { type: "contains-json", value: { type: "object", required: ["a"] } },
        { type: "is-json" },
        { type: "equals", value: { a: 1 } },
        { type: "regex", value: "^(\\w+\\s?)*$" },
        { type: "levenshtein", value: "expected answer", threshold: 1_000_000 },
        { type: "contains-any", value: ["needle", "pin"] },
      ],
    });
    const outputs = ['{"a":[{"b":'.repeat(20_000), "{[".repeat(100_000), "word ".repeat(40_000) + "!", '{"a": "'.repeat(30_000)];
    const started = performance.now();
    for (const output of outputs) expect((await evaluateCase(c, { output })).passed).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("keeps the metric name with the check result", async () => {
    const c = testCase({ checks: [{ type: "contains", value: "a", metric: "accuracy" }] });
    expect((await evaluateCase(c, { output: "a" })).checks[0]).toMatchObject({ metric: "accuracy", weight: 1 });
  });
});
