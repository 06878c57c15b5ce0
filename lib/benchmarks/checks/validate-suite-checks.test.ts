import { describe, expect, it } from "vitest";
import { suiteDefinitionSchema, type SuiteDefinition } from "../suite-schema";
import { validateSuiteChecks } from "./validate-suite-checks";

const suite = (checks: unknown[], extra: Record<string, unknown> = {}): SuiteDefinition =>
  suiteDefinitionSchema.parse({ cases: [{ id: "c1", messages: [{ role: "user", content: "{{q}}" }], vars: { q: "hi", label: "x" }, checks, ...extra }] });

const messages = (checks: unknown[], extra?: Record<string, unknown>, judgeModel?: string) => validateSuiteChecks(suite(checks, extra), { judgeModel }).map((i) => `${i.path.join(".")}: ${i.message}`);

describe("validateSuiteChecks", () => {
  it("accepts well-formed checks of every type", () => {
    const tools = [{ type: "function", function: { name: "f", parameters: { type: "object" } } }];
    const checks = [
      { type: "equals", value: "{{label}}" },
      { type: "equals", value: { a: 1 } },
      { type: "contains", value: 3 },
      { type: "not-icontains", value: "no" },
      { type: "contains-any", value: "a, b" },
      { type: "contains-all", value: ["a", "{{label}}"] },
      { type: "regex", value: "^\\d+$" },
      { type: "starts-with", value: "Yes" },
      { type: "is-json" },
      { type: "contains-json", value: { type: "object", required: ["a"] } },
      { type: "contains-json", value: "type: object" },
      { type: "is-valid-openai-tools-call" },
      { type: "levenshtein", value: "hello", threshold: 2 },
      { type: "latency", threshold: 2000 },
      { type: "cost", threshold: 0.002 },
      { type: "llm-rubric", value: "Is polite", provider: "gpt-5-mini" },
    ];
    expect(messages(checks, { tools })).toEqual([]);
  });

  it("names invalid regexes and JSON schemas with the compiler's reason", () => {
    expect(messages([{ type: "regex", value: "(a)\\1" }, { type: "not-regex", value: "[oops" }])).toEqual([
      expect.stringMatching(/^cases\.0\.checks\.0\.value: not supported by the linear-time regex engine/),
      expect.stringMatching(/^cases\.0\.checks\.1\.value: invalid regular expression/),
    ]);
    // The pattern is checked with the case's vars filled in: label "x" is fine, a var holding "(" is not.
    expect(messages([{ type: "regex", value: "^{{label}}$" }])).toEqual([]);
    expect(validateSuiteChecks(suiteDefinitionSchema.parse({ cases: [{ id: "c", messages: [{ role: "user", content: "q" }], vars: { v: "(" }, checks: [{ type: "regex", value: "a{{v}}" }] }] }))).toEqual([
      { path: ["cases", 0, "checks", 0, "value"], message: expect.stringMatching(/^invalid regular expression/) },
    ]);
    expect(messages([{ type: "contains-json", value: { type: "objekt" } }])).toEqual([expect.stringMatching(/^cases\.0\.checks\.0\.value: contains-json schema: invalid JSON schema/)]);
    expect(messages([{ type: "is-json", value: "a: [" }])).toEqual([expect.stringMatching(/neither JSON nor YAML/)]);
  });

  it("refuses values of the wrong shape for the type", () => {
    expect(messages([{ type: "contains-any", value: 5 }, { type: "contains-all", value: [] }, { type: "levenshtein", value: 5 }, { type: "starts-with" }, { type: "contains", value: "" }, { type: "equals" }])).toEqual([
      "cases.0.checks.0.value: contains-any needs a non-empty list (or a comma-separated string)",
      "cases.0.checks.1.value: contains-all needs a non-empty list (or a comma-separated string)",
      "cases.0.checks.2.value: levenshtein needs the expected string",
      "cases.0.checks.3.value: starts-with needs a non-empty string",
      "cases.0.checks.4.value: contains needs a non-empty string or number",
      "cases.0.checks.5.value: equals needs the expected value (text, number or JSON)",
    ]);
  });

  it("requires thresholds for latency and cost and refuses negative ones", () => {
    expect(messages([{ type: "latency" }, { type: "cost", value: "0.01" }, { type: "levenshtein", value: "a", threshold: -1 }])).toEqual([
      "cases.0.checks.0.threshold: latency needs a threshold (maximum milliseconds)",
      "cases.0.checks.1.threshold: cost needs a threshold (maximum USD per request)",
      "cases.0.checks.1.value: cost reads its limit from threshold; value is not used",
      "cases.0.checks.2.threshold: must be 0 or more",
    ]);
  });

  it("requires a rubric and a judge model for llm-rubric, from the check or the suite", () => {
    expect(messages([{ type: "llm-rubric", value: "Is kind" }])).toEqual(["cases.0.checks.0.provider: llm-rubric needs a judge model: set the check's provider or the suite's judge model"]);
    expect(messages([{ type: "llm-rubric", value: "Is kind" }], {}, "gpt-5-mini")).toEqual([]);
    expect(messages([{ type: "llm-rubric", value: "  " }], {}, "gpt-5-mini")).toEqual(["cases.0.checks.0.value: llm-rubric needs the rubric text as its value"]);
  });

  it("refuses tools checks without tools, invalid tool schemas, unknown vars and nunjucks beyond substitution", () => {
    expect(messages([{ type: "is-valid-openai-tools-call" }])).toEqual(["cases.0.checks.0.type: is-valid-openai-tools-call needs the case to define tools"]);
    const tools = [{ type: "function", function: { name: "f", parameters: { type: "strange" } } }];
    expect(messages([], { tools })).toEqual([expect.stringMatching(/^cases\.0\.tools\.0\.function\.parameters: invalid JSON schema/)]);
    expect(messages([{ type: "contains", value: "{{missing}}" }, { type: "contains-any", value: ["a", "{{ q | upper }}"] }])).toEqual([
      "cases.0.checks.0.value: refers to {{missing}}, which this case's vars do not define",
      expect.stringMatching(/^cases\.0\.checks\.1\.value\.1: .*beyond plain/),
    ]);
  });
});
