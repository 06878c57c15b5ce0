import { describe, expect, it } from "vitest";
import { compileSafeRegex } from "./safe-regex";

const compiled = (pattern: string) => {
  const r = compileSafeRegex(pattern);
  if (!r.ok) throw new Error(r.reason);
  return r.regex;
};

describe("compileSafeRegex", () => {
  it("matches like JavaScript on ordinary patterns", () => {
    expect(compiled("Answer:\\s*42\\s*$").test("work...\nAnswer: 42\n")).toBe(true);
    expect(compiled("^a$").test("a\nb")).toBe(false); // no multiline flag: $ is the end of input
    expect(compiled("\\u00e9t\\u00e9").test("été")).toBe(true);
    expect(compiled("(?<year>\\d{4})-\\d{2}").test("on 2024-05")).toBe(true);
    expect(compiled("a/b").test("a/b")).toBe(true);
  });

  it("refuses backreferences and lookaround with the reason, and JS-invalid syntax", () => {
    for (const p of ["(a)\\1", "(?<x>a)\\k<x>", "foo(?=bar)", "(?<!x)y"]) {
      const r = compileSafeRegex(p);
      expect(r.ok, p).toBe(false);
      if (!r.ok) expect(r.reason, p).toMatch(/backreference|linear-time/);
    }
    const invalid = compileSafeRegex("[unclosed");
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.reason).toMatch(/^invalid regular expression/);
    expect(compileSafeRegex("(?i)abc").ok).toBe(false); // RE2-only flag syntax: promptfoo could not run it
    expect(compileSafeRegex("").ok).toBe(false);
    expect(compileSafeRegex("x".repeat(10_001)).ok).toBe(false);
  });

  it("runs catastrophic-backtracking patterns in linear time", () => {
    const started = performance.now();
    expect(compiled("(a+)+$").test("a".repeat(200_000) + "!")).toBe(false);
    expect(compiled("^(\\w+\\s?)*$").test("word ".repeat(40_000) + "!")).toBe(false);
    expect(compiled("(x+x+)+y").test("x".repeat(200_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
