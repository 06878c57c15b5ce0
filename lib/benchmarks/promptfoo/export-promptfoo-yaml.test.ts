import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { suiteDefinitionSchema } from "../suite-schema";
import { toPromptfooYaml } from "./export-promptfoo-yaml";
import { importPromptfooYaml } from "./import-promptfoo-yaml";

const roundTrip = (suite: Parameters<typeof toPromptfooYaml>[0]) => {
  const yaml = toPromptfooYaml(suite);
  const back = importPromptfooYaml(yaml);
  if (!back.ok) throw new Error(`${yaml}\n${JSON.stringify(back.errors, null, 2)}`);
  return { yaml, back };
};

describe("toPromptfooYaml", () => {
  it("writes one plain prompt and one test per case for a single-template suite", () => {
    const definition = suiteDefinitionSchema.parse({
      cases: [
        { id: "t01", messages: [{ role: "user", content: "Classify: {{text}}" }], vars: { text: "great", label: "positive" }, checks: [{ type: "equals", value: "{{label}}" }] },
        { id: "t02", messages: [{ role: "user", content: "Classify: {{text}}" }], vars: { text: "42" }, checks: [{ type: "contains", value: 42, weight: 2 }], threshold: 0.5 },
      ],
    });
    const { yaml, back } = roundTrip({ name: "Sentiment", description: "Sentiment labels", definition, judgeModel: null });
    expect(parse(yaml)).toEqual({
      description: "Sentiment labels",
      prompts: ["Classify: {{text}}"],
      tests: [
        { vars: { text: "great", label: "positive" }, assert: [{ type: "equals", value: "{{label}}" }] },
        { vars: { text: "42" }, assert: [{ type: "contains", value: 42, weight: 2 }], threshold: 0.5 },
      ],
    });
    expect(yaml).toMatch(/^# Tollgate benchmark suite "Sentiment"/);
    expect(back.suite.definition).toEqual(definition);
  });

  it("round-trips several templates, request options, custom ids, chat messages and the judge model", () => {
    const tools = [{ type: "function", function: { name: "lookup", description: "Find an order", parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } } }];
    const definition = suiteDefinitionSchema.parse({
      cases: [
        { id: "greeting", description: "says hi", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "{{q}}" }], vars: { q: "hello" }, temperature: 0, checks: [{ type: "llm-rubric", value: "Is friendly", threshold: 0.7 }] },
        { id: "order-1", messages: [{ role: "user", content: "Find order {{id}}" }], vars: { id: "A-1" }, tools, tool_choice: "required", checks: [{ type: "is-valid-openai-tools-call" }, { type: "contains-json", value: { type: "array" }, metric: "shape", provider: "x" }] },
        { id: "t03", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "{{q}}" }], vars: { q: "bye" }, temperature: 0, checks: [{ type: "not-icontains", value: "hello", weight: 0 }] },
        { id: "p2-t04", messages: [{ role: "user", content: [{ type: "text", text: "What is in {{what}}?" }, { type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "low" } }] }], vars: { what: "the picture" }, max_tokens: 50, response_format: { type: "json_object" }, checks: [{ type: "latency", threshold: 1500 }] },
      ],
    });
    const { yaml, back } = roundTrip({ name: "Mixed", description: null, definition, judgeModel: "gpt-5-mini" });
    expect(back.suite.definition).toEqual(definition);
    expect(back.suite.judgeModel).toBe("gpt-5-mini");
    const config = parse(yaml);
    expect(config.prompts.map((p: { label: string }) => p.label)).toEqual(["p1", "p2", "p3"]);
    expect(config.tests.map((t: { prompts: string[] }) => t.prompts)).toEqual([["p1"], ["p2"], ["p1"], ["p3"]]);
    expect(config.defaultTest).toEqual({ options: { provider: "gpt-5-mini" } });
    expect(config.description).toBe("Mixed");
  });

  it("omits caseId when the id is the one import gives, so exports stay clean", () => {
    const definition = suiteDefinitionSchema.parse({
      cases: [
        { id: "p1-t01", messages: [{ role: "user", content: "a {{x}}" }], vars: { x: "1" }, checks: [{ type: "contains", value: "1" }] },
        { id: "p2-t02", messages: [{ role: "user", content: "b {{x}}" }], vars: { x: "2" }, checks: [{ type: "contains", value: "2" }] },
      ],
    });
    const { yaml, back } = roundTrip({ name: "Two", definition });
    expect(yaml).not.toContain("caseId");
    expect(back.suite.definition).toEqual(definition);
  });
});
