import { describe, expect, it } from "vitest";
import { checkContains, checkContainsAll, checkContainsAny, checkEquals, checkLevenshtein, checkRegex, checkStartsWith, parseCommaSeparated } from "./text-checks";

describe("equals", () => {
  it("compares strings exactly (no trimming, as promptfoo) and numbers as their text", () => {
    expect(checkEquals("positive", "positive").pass).toBe(true);
    expect(checkEquals("positive\n", "positive").pass).toBe(false);
    expect(checkEquals("42", 42).pass).toBe(true);
  });

  it("compares a JSON value with the parsed output", () => {
    expect(checkEquals('{"b": [1], "a": 2}', { a: 2, b: [1] }).pass).toBe(true);
    expect(checkEquals('{"a": 3}', { a: 2 }).pass).toBe(false);
    expect(checkEquals("not json", { a: 2 })).toMatchObject({ pass: false, reason: expect.stringMatching(/not JSON/) });
  });

  it("errors without a value", () => {
    expect(checkEquals("x", undefined)).toMatchObject({ pass: false, error: true });
  });
});

describe("contains and icontains", () => {
  it("finds substrings, case-sensitive or not", () => {
    expect(checkContains("The capital is Paris.", "Paris", false).pass).toBe(true);
    expect(checkContains("The capital is paris.", "Paris", false).pass).toBe(false);
    expect(checkContains("The capital is PARIS.", "paris", true).pass).toBe(true);
    expect(checkContains("costs 42 dollars", 42, false).pass).toBe(true);
  });

  it("errors on an empty or missing value rather than passing trivially", () => {
    expect(checkContains("anything", "", false)).toMatchObject({ pass: false, error: true });
    expect(checkContains("anything", undefined, true)).toMatchObject({ error: true });
  });
});

describe("contains-any and contains-all", () => {
  it("reads lists and promptfoo's comma-separated strings (quotes keep commas)", () => {
    expect(parseCommaSeparated('red, "green, light" ,blue,')).toEqual(["red", "green, light", "blue"]);
    expect(checkContainsAny("I like green, light and airy", 'red, "green, light"').pass).toBe(true);
    expect(checkContainsAny("I like purple", ["red", "blue"]).pass).toBe(false);
  });

  it("requires every value for contains-all and names the missing ones", () => {
    expect(checkContainsAll("Oslo, 2019, Norway", ["Oslo", "2019"]).pass).toBe(true);
    expect(checkContainsAll("Oslo, Norway", ["Oslo", "2019", "Bergen"])).toMatchObject({ pass: false, reason: 'output is missing "2019", "Bergen"' });
  });

  it("errors on an empty list or non-string items", () => {
    expect(checkContainsAll("x", [])).toMatchObject({ error: true });
    expect(checkContainsAny("x", [{}])).toMatchObject({ error: true });
  });
});

describe("regex and starts-with", () => {
  it("matches patterns and reports invalid ones as errors with the reason", () => {
    expect(checkRegex("Answer: -7", "Answer:\\s*-7$").pass).toBe(true);
    expect(checkRegex("Answer: 17", "Answer:\\s*7$").pass).toBe(false);
    expect(checkRegex("aa", "(a)\\1")).toMatchObject({ pass: false, error: true, reason: expect.stringMatching(/linear-time/) });
  });

  it("checks the start of the output", () => {
    expect(checkStartsWith("Yes, because", "Yes").pass).toBe(true);
    expect(checkStartsWith(" Yes", "Yes").pass).toBe(false);
    expect(checkStartsWith("x", 3)).toMatchObject({ error: true });
  });
});

describe("levenshtein", () => {
  it("passes within the threshold, 5 by default", () => {
    expect(checkLevenshtein("kitten", "sitting", undefined)).toMatchObject({ pass: true, reason: "edit distance 3 ≤ threshold 5" });
    expect(checkLevenshtein("kitten", "sitting", 2).pass).toBe(false);
    expect(checkLevenshtein("same", "same", 0).pass).toBe(true);
  });

  it("skips the full comparison when the lengths alone exceed the threshold", () => {
    const started = performance.now();
    const r = checkLevenshtein("x".repeat(200_000), "short answer", 5);
    expect(r).toMatchObject({ pass: false, reason: expect.stringMatching(/at least/) });
    expect(performance.now() - started).toBeLessThan(100);
  });
});
