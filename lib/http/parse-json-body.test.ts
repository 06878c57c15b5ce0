import { describe, expect, it } from "vitest";
import { findUnstorableString, jsonDepth, parseJsonBody } from "./parse-json-body";

describe("management API JSON bodies", () => {
  it("measures depth without counting brackets inside strings", () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
    expect(() => parseJsonBody(`${"[".repeat(65)}${"]".repeat(65)}`)).toThrow(/nested more than 64/);
    expect(parseJsonBody(`${"[".repeat(64)}${"]".repeat(64)}`)).toBeInstanceOf(Array);
  });

  it("names the first string Postgres cannot store, keys included", () => {
    expect(findUnstorableString({ a: ["ok", "b\u0000"] })).toBe("a.1");
    expect(findUnstorableString({ x: { ["k\ud800"]: 1 } })).toBe("x.k\ud800");
    expect(findUnstorableString({ ok: "😀 fine", n: 1, z: null })).toBeNull();
    expect(() => parseJsonBody('{"tags":["a","\\udc00"]}')).toThrow(/^tags\.1: contains/);
  });
});
