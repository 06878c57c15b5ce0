import { describe, expect, it } from "vitest";
import { checkTrafficCell, checkTrafficProfile, INPUT_BAND_EDGES, inputBandFor, inputBandSql } from "./traffic-profile";
import { cell } from "@/tests/support/whatif-fixtures";


describe("input-size bands", () => {
  it("puts each input size in its half-open band", () => {
    expect([0, 511, 512, 2047, 2048, 8191, 8192, 32_767, 32_768, 1e9].map(inputBandFor)).toEqual(["0-512", "0-512", "512-2k", "512-2k", "2k-8k", "2k-8k", "8k-32k", "8k-32k", "32k+", "32k+"]);
    expect(INPUT_BAND_EDGES).toEqual([0, 512, 2048, 8192, 32_768]);
  });

  it("writes the same bands as SQL for the query that fills the profile", () => {
    expect(inputBandSql("input_tokens")).toBe("CASE WHEN input_tokens < 512 THEN '0-512' WHEN input_tokens < 2048 THEN '512-2k' WHEN input_tokens < 8192 THEN '2k-8k' WHEN input_tokens < 32768 THEN '8k-32k' ELSE '32k+' END");
    expect(() => inputBandSql("x; drop table")).toThrow(RangeError);
  });
});

describe("checkTrafficCell", () => {
  it("accepts a consistent cell", () => {
    expect(() => checkTrafficCell(cell(), 0)).not.toThrow();
    expect(() => checkTrafficCell(cell({ priced: false, costNano: 0n, tags: ["a", "b"] }), 0)).not.toThrow();
  });

  it("names the cell and field of what does not add up", () => {
    expect(() => checkTrafficCell(cell({ cachedInputTokens: 9_000, cacheWriteTokens: 2_000 }), 3)).toThrow(/traffic cell 3: cachedInputTokens/);
    expect(() => checkTrafficCell(cell({ reasoningTokens: 4_000 }), 0)).toThrow(/reasoningTokens/);
    expect(() => checkTrafficCell(cell({ requests: 0 }), 0)).toThrow(/requests/);
    expect(() => checkTrafficCell(cell({ outputTokens: 1.5 }), 0)).toThrow(/outputTokens must be a non-negative integer/);
    expect(() => checkTrafficCell(cell({ hour: new Date("2026-03-01T10:30:00Z") }), 0)).toThrow(/start of an hour/);
    expect(() => checkTrafficCell(cell({ priced: false }), 0)).toThrow(/unpriced/);
    expect(() => checkTrafficCell(cell({ tags: ["b", "a"] }), 0)).toThrow(/sorted/);
    expect(() => checkTrafficCell(cell({ inputBand: "huge" as never }), 0)).toThrow(/inputBand/);
    expect(() => checkTrafficCell(cell({ ttftCount: 11 }), 0)).toThrow(/ttftCount/);
  });

  it("keeps cells to the hours that overlap the profile's range (the first may be partial)", () => {
    const profile = (hour: string) => ({ from: new Date("2026-03-01T10:30:00Z"), to: new Date("2026-03-02T00:00:00Z"), cells: [cell({ hour: new Date(hour) })] });
    expect(() => checkTrafficProfile(profile("2026-03-01T10:00:00Z"))).not.toThrow();
    expect(() => checkTrafficProfile(profile("2026-03-01T09:00:00Z"))).toThrow(/outside/);
    expect(() => checkTrafficProfile(profile("2026-03-02T00:00:00Z"))).toThrow(/outside/);
  });
});
