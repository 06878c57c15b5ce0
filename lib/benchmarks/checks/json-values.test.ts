import { describe, expect, it } from "vitest";
import { jsonDepth as jsonNestingDepth } from "../../http/parse-json-body";
import { extractJsonValues, jsonEqual, parseJsonBounded, valueDepth } from "./json-values";

describe("parseJsonBounded", () => {
  it("parses JSON and reports why it cannot", () => {
    expect(parseJsonBounded('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonBounded("{a:1}").ok).toBe(false);
  });

  it("refuses nesting past the limit and text past the size cap before parsing", () => {
    const deep = "[".repeat(65) + "]".repeat(65);
    expect(jsonNestingDepth(deep)).toBe(65);
    expect(parseJsonBounded(deep)).toEqual({ ok: false, reason: expect.stringMatching(/deeper than 64/) });
    expect(parseJsonBounded('"x"', 2)).toEqual({ ok: false, reason: expect.stringMatching(/limit is 2/) });
  });

  it("does not count brackets inside strings as nesting", () => {
    expect(jsonNestingDepth('{"a":"[[[[\\"{{{"}')).toBe(1);
  });
});

describe("extractJsonValues", () => {
  it("reads a bare JSON answer", () => {
    expect(extractJsonValues(' {"name": "Ada"} ')).toEqual([{ name: "Ada" }]);
  });

  it("finds JSON in a ```json fence and in prose", () => {
    expect(extractJsonValues('Here you go:\n```json\n{"city": "Oslo", "tags": ["a"]}\n```\nAnything else?')).toEqual([{ city: "Oslo", tags: ["a"] }]);
    expect(extractJsonValues('The result is {"ok": true} and also [1, 2].')).toEqual([{ ok: true }, [1, 2]]);
  });

  it("is not derailed by prose braces, quotes or a stray unclosed string", () => {
    expect(extractJsonValues('I think {the answer} is {"a": 1}')).toEqual([{ a: 1 }]);
    expect(extractJsonValues('A 5" screen, see {"size": 5}')).toEqual([{ size: 5 }]);
    expect(extractJsonValues('{"broken": "never closed ... then {"b": 2}')).toEqual([{ b: 2 }]);
  });

  it("takes the outermost value, and the inner one when the outer is not JSON", () => {
    expect(extractJsonValues('{"a": {"b": 1}}')).toEqual([{ a: { b: 1 } }]);
    expect(extractJsonValues('{ note: {"b": 1} }')).toEqual([{ b: 1 }]);
  });

  it("stays fast on pathological input", () => {
    const started = performance.now();
    expect(extractJsonValues("{".repeat(100_000) + "x")).toEqual([]);
    expect(extractJsonValues("{[".repeat(50_000))).toEqual([]);
    expect(extractJsonValues('{"a":"'.repeat(20_000))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe("jsonEqual", () => {
  it("compares deeply, ignoring key order but not array order", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual({ a: "1" }, { a: 1 })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
  });

  it("measures the depth of parsed values", () => {
    expect(valueDepth({ a: { b: [1] } })).toBe(3);
    expect(valueDepth("x")).toBe(0);
  });
});
