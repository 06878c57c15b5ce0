import { describe, expect, it } from "vitest";
import { scopeCovers } from "./scenario-access";

describe("who sees a scenario", () => {
  const org = { orgWide: true as const, projectIds: [] as [] };
  const confined = (...projectIds: string[]) => ({ orgWide: false as const, projectIds });

  it("org-wide roles see every scenario", () => {
    expect(scopeCovers(org, { orgWide: true, projectIds: [] })).toBe(true);
    expect(scopeCovers(org, { orgWide: false, projectIds: ["p1"] })).toBe(true);
  });

  it("a confined principal sees only scenarios reading nothing but its projects", () => {
    expect(scopeCovers(confined("p1", "p2"), { orgWide: true, projectIds: [] })).toBe(false);
    expect(scopeCovers(confined("p1", "p2"), { orgWide: false, projectIds: ["p1"] })).toBe(true);
    expect(scopeCovers(confined("p1"), { orgWide: false, projectIds: ["p1", "p2"] })).toBe(false);
    expect(scopeCovers(confined(), { orgWide: false, projectIds: [] })).toBe(true);
  });
});
