import { describe, expect, it } from "vitest";
import { compileJsonSchema, schemaFromCheckValue } from "./json-schema";

const validator = (schema: unknown) => {
  const compiled = compileJsonSchema(schema);
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.validate;
};

describe("compileJsonSchema", () => {
  it("validates and explains why a value does not conform", () => {
    const validate = validator({ type: "object", required: ["name"], properties: { name: { type: "string" }, age: { type: "integer" } } });
    expect(validate({ name: "Ada", age: 36 })).toEqual({ valid: true, errors: "" });
    const bad = validate({ age: "old" });
    expect(bad.valid).toBe(false);
    expect(bad.errors).toMatch(/name/);
  });

  it("compiles each distinct schema once", () => {
    const a = compileJsonSchema({ type: "string", minLength: 2 });
    const b = compileJsonSchema({ type: "string", minLength: 2 });
    expect(a).toBe(b);
  });

  it("runs `pattern` on the linear-time engine and refuses patterns it cannot run", () => {
    const validate = validator({ type: "string", pattern: "^(a+)+$" });
    const started = performance.now();
    expect(validate("a".repeat(100_000) + "!").valid).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
    const lookahead = compileJsonSchema({ type: "string", pattern: "a(?=b)" });
    expect(lookahead.ok).toBe(false);
  });

  it("keeps the patterns of different schemas apart", () => {
    const date = validator({ type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
    const name = validator({ type: "object", properties: { company: { type: "string", pattern: "^Fjordsoft" } } });
    expect(date("2024-06-03").valid).toBe(true);
    expect(name({ company: "Fjordsoft AS" }).valid).toBe(true);
    expect(name({ company: "2024-06-03" }).valid).toBe(false);
  });

  it("refuses invalid, oversized, too deep, async and remote-ref schemas with a reason", () => {
    expect(compileJsonSchema({ type: "nonsense" })).toEqual({ ok: false, reason: expect.stringMatching(/^invalid JSON schema/) });
    expect(compileJsonSchema({ enum: Array.from({ length: 20_000 }, (_, i) => `v${i}`) }).ok).toBe(false);
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 40; i++) deep = { type: "object", properties: { x: deep } };
    expect(compileJsonSchema(deep)).toEqual({ ok: false, reason: expect.stringMatching(/deeper than 32/) });
    expect(compileJsonSchema({ $async: true, type: "object" }).ok).toBe(false);
    expect(compileJsonSchema({ $ref: "https://example.com/schema.json" }).ok).toBe(false);
    expect(compileJsonSchema("not a schema").ok).toBe(false);
  });

  it("compiles two schemas with the same $id without clashing", () => {
    expect(compileJsonSchema({ $id: "https://x/s", type: "string" }).ok).toBe(true);
    expect(compileJsonSchema({ $id: "https://x/s", type: "number" }).ok).toBe(true);
  });

  it("checks a few common formats", () => {
    const validate = validator({ type: "string", format: "date" });
    expect(validate("2024-02-29").valid).toBe(true);
    expect(validate("29/02/2024").valid).toBe(false);
  });
});

describe("schemaFromCheckValue", () => {
  it("reads schemas written as JSON or YAML text and passes objects through", () => {
    expect(schemaFromCheckValue('{"type":"object"}')).toEqual({ ok: true, schema: { type: "object" } });
    expect(schemaFromCheckValue("type: object\nrequired: [a]")).toEqual({ ok: true, schema: { type: "object", required: ["a"] } });
    const obj = { type: "array" };
    expect(schemaFromCheckValue(obj)).toEqual({ ok: true, schema: obj });
    expect(schemaFromCheckValue("a: [").ok).toBe(false);
  });
});
