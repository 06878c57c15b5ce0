import { describe, expect, it } from "vitest";
import { createApiKeySchema, fixedTagsSchema, MAX_FIXED_TAGS, updateApiKeySchema } from "./api-key-schemas";

const issues = (value: unknown) => fixedTagsSchema.safeParse(value).error?.issues.map((i) => ({ path: i.path.join("."), message: i.message })) ?? [];

describe("fixedTagsSchema", () => {
  it("takes tags as x-tollgate-tags takes them, in the order given", () => {
    expect(fixedTagsSchema.parse(["team:search", "env/prod", "cost-center_42.a"])).toEqual(["team:search", "env/prod", "cost-center_42.a"]);
    expect(fixedTagsSchema.parse([])).toEqual([]);
  });

  it("names the offending tag and its place", () => {
    expect(issues(["ok", "bad tag"])).toEqual([{ path: "1", message: expect.stringMatching(/^"bad tag" is not a tag: /) }]);
    expect(issues(["te\u0000am"])).toEqual([{ path: "0", message: expect.stringMatching(/^"te\\u0000am" is not a tag/) }]);
    expect(issues([":leading-colon"])[0]?.path).toBe("0");
    expect(issues(["x".repeat(65)])[0]?.message).toMatch(/^"x{65}" is not a tag/);
    expect(issues(["x".repeat(500)])[0]!.message.length).toBeLessThan(200);
  });

  it("refuses a repeat and more than MAX_FIXED_TAGS", () => {
    expect(issues(["a", "b", "a"])).toEqual([{ path: "2", message: '"a" is listed twice' }]);
    expect(issues(Array.from({ length: MAX_FIXED_TAGS + 1 }, (_, i) => `t${i}`))).toEqual([{ path: "", message: `at most ${MAX_FIXED_TAGS} fixed tags` }]);
    expect(fixedTagsSchema.safeParse(Array.from({ length: MAX_FIXED_TAGS }, (_, i) => `t${i}`)).success).toBe(true);
  });
});

describe("key schemas", () => {
  it("a new key has no fixed tags unless given; a change must name them and nothing else", () => {
    expect(createApiKeySchema.parse({ name: "k" }).fixedTags).toEqual([]);
    expect(updateApiKeySchema.parse({ fixedTags: ["team:search"] })).toEqual({ fixedTags: ["team:search"] });
    expect(updateApiKeySchema.safeParse({}).success).toBe(false);
    expect(updateApiKeySchema.safeParse({ fixedTags: [], name: "x" }).success).toBe(false);
  });
});
