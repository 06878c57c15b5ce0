import { describe, expect, it } from "vitest";
import { checkContainsJson, checkIsJson } from "./json-checks";

const invoice = { type: "object", required: ["total"], properties: { total: { type: "number" }, currency: { enum: ["EUR", "USD"] } } };

describe("is-json", () => {
  it("requires the whole output to be JSON, matching the schema when given", () => {
    expect(checkIsJson('{"total": 12.5}', undefined).pass).toBe(true);
    expect(checkIsJson('Sure! {"total": 12.5}', undefined).pass).toBe(false);
    expect(checkIsJson('{"total": 12.5, "currency": "EUR"}', invoice).pass).toBe(true);
    expect(checkIsJson('{"total": "12.5"}', invoice)).toMatchObject({ pass: false, reason: expect.stringMatching(/does not match the schema/) });
  });

  it("accepts the schema as JSON or YAML text, as promptfoo does", () => {
    expect(checkIsJson('{"a": 1}', "type: object\nrequired: [a]").pass).toBe(true);
    expect(checkIsJson('{"b": 1}', '{"type": "object", "required": ["a"]}').pass).toBe(false);
  });

  it("reports an invalid schema as an error, not as a failed answer", () => {
    expect(checkIsJson("{}", { type: "nope" })).toMatchObject({ pass: false, error: true, reason: expect.stringMatching(/^is-json: invalid JSON schema/) });
  });
});

describe("contains-json", () => {
  it("finds JSON in a fence or in prose and validates it", () => {
    const fenced = 'Here is the invoice:\n```json\n{"total": 99, "currency": "USD"}\n```';
    expect(checkContainsJson(fenced, invoice).pass).toBe(true);
    expect(checkContainsJson('The totals are {"total": "n/a"} and {"total": 5}.', invoice).pass).toBe(true);
    expect(checkContainsJson('Only {"total": "n/a"} here', invoice)).toMatchObject({ pass: false, reason: expect.stringMatching(/none of it matches/) });
    expect(checkContainsJson("no json at all", undefined)).toMatchObject({ pass: false, reason: "output contains no JSON object or array" });
    expect(checkContainsJson("[1, 2]", undefined).pass).toBe(true);
  });
});
