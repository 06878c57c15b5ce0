import { describe, expect, it } from "vitest";
import { usageEventSchema } from "../usage/usage-event-schema";
import { effectiveTags } from "./effective-tags";
import { MAX_TAGS, parseTags } from "./parse-tags";

const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("effectiveTags", () => {
  it("is the header's tags when the key fixes none, and the key's when the header sends none", () => {
    expect(effectiveTags(["feature:rerank", "beta"], [])).toEqual(["feature:rerank", "beta"]);
    expect(effectiveTags([], ["team:search", "prod"])).toEqual(["team:search", "prod"]);
    expect(effectiveTags([], [])).toEqual([]);
  });

  it("puts fixed tags first, in their stored order, then header tags in the caller's order", () => {
    expect(effectiveTags(["feature:rerank", "beta"], ["team:search", "prod"])).toEqual(["team:search", "prod", "feature:rerank", "beta"]);
  });

  it("deduplicates: a header repeating a fixed tag or itself adds nothing", () => {
    expect(effectiveTags(["prod", "beta", "beta", "team:search"], ["team:search", "prod"])).toEqual(["team:search", "prod", "beta"]);
  });

  it("drops a header tag that claims a fixed tag's key with another value, in any case", () => {
    expect(effectiveTags(["team:ads", "Team:ads", "TEAM:search", "team:search:v2", "feature:x"], ["team:search"])).toEqual(["team:search", "feature:x"]);
  });

  it("lets header tags use keys the key does not fix, and bare words either way", () => {
    // "team" alone has no key: it is another tag, not a second team. A bare fixed tag reserves no key.
    expect(effectiveTags(["team", "env:dev", "prod:canary"], ["team:search", "prod"])).toEqual(["team:search", "prod", "team", "env:dev", "prod:canary"]);
  });

  it("keeps two fixed values of one key (an admin's choice) and refuses a third from the header", () => {
    expect(effectiveTags(["team:ads", "team:infra"], ["team:search", "team:ads"])).toEqual(["team:search", "team:ads"]);
  });

  it("caps the total at the usage event's limit, dropping header tags, never fixed ones", () => {
    const fixed = ["team:search", "env:prod", "cost-center:42", "region:eu", "pinned"];
    const tags = effectiveTags(many("h", 30), fixed);
    expect(tags).toHaveLength(MAX_TAGS);
    expect(tags.slice(0, 5)).toEqual(fixed);
    expect(tags.slice(5)).toEqual(many("h", MAX_TAGS - 5));
    // Even a full header leaves every fixed tag in place.
    expect(effectiveTags(parseTags(many("h", 40).join(",")), ["team:search"])).toEqual(["team:search", ...many("h", MAX_TAGS - 1)]);
  });

  it("never returns more tags than the usage event stores", () => {
    // The schema's own limit: MAX_TAGS passes, one more fails, so the two cannot drift apart silently.
    const tagsSchema = usageEventSchema.shape.tags;
    expect(tagsSchema.safeParse(many("t", MAX_TAGS)).error).toBeUndefined();
    expect(tagsSchema.safeParse(many("t", MAX_TAGS + 1)).success).toBe(false);
    expect(effectiveTags(many("h", 50), many("f", 30))).toHaveLength(MAX_TAGS);
  });

  it("does not change its inputs", () => {
    const header = ["team:ads", "beta"];
    const fixed = Object.freeze(["team:search"]);
    effectiveTags(header, fixed);
    expect(header).toEqual(["team:ads", "beta"]);
  });
});
