import { describe, expect, it } from "vitest";
import { parseTags } from "./parse-tags";

describe("parseTags", () => {
  it("splits, trims, dedupes and drops invalid tags", () => {
    expect(parseTags(" team:search, feature:rerank ,,team:search, bad tag, <x>")).toEqual(["team:search", "feature:rerank"]);
    expect(parseTags(undefined)).toEqual([]);
    expect(parseTags(["a", "b,c"])).toEqual(["a", "b", "c"]);
    expect(parseTags(Array.from({ length: 30 }, (_, i) => `t${i}`).join(","))).toHaveLength(20);
  });
});
