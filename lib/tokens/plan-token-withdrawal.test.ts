import { describe, expect, it } from "vitest";
import { planTokenWithdrawal } from "./plan-token-withdrawal";

const tokens = [
  { id: "owner", role: "owner", projectIds: [] },
  { id: "admin", role: "admin", projectIds: [] },
  { id: "finance", role: "finance", projectIds: [] },
  { id: "engineer", role: "engineer", projectIds: ["a", "b"] },
  { id: "viewer", role: "viewer", projectIds: ["b"] },
] as const;

describe("planTokenWithdrawal", () => {
  it("revokes every token not at or below the new role and trims engineer and viewer scopes to the member's projects", () => {
    expect(planTokenWithdrawal(tokens, "engineer", new Set(["a"]))).toEqual({
      revoke: ["owner", "admin", "finance"],
      trim: [{ id: "engineer", projectIds: ["a"] }, { id: "viewer", projectIds: [] }],
    });
    expect(planTokenWithdrawal(tokens, "viewer", new Set(["a", "b"]))).toEqual({ revoke: ["owner", "admin", "finance", "engineer"], trim: [] });
  });

  it("trims nothing for an org-wide role, which sees every project", () => {
    expect(planTokenWithdrawal(tokens, "finance", new Set())).toEqual({ revoke: ["owner", "admin", "engineer"], trim: [] });
    expect(planTokenWithdrawal(tokens, "owner", new Set())).toEqual({ revoke: [], trim: [] });
  });
});
