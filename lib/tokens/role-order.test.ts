import { describe, expect, it } from "vitest";
import { ALL_ROLES, type Role } from "../auth/principal";
import { isAtOrBelow } from "./role-order";

const below = (than: Role) => ALL_ROLES.filter((r) => isAtOrBelow(r, than));

describe("the role order", () => {
  it("is owner > admin > {finance, engineer} > viewer, with finance and engineer incomparable", () => {
    expect(below("owner")).toEqual(["owner", "admin", "finance", "engineer", "viewer"]);
    expect(below("admin")).toEqual(["admin", "finance", "engineer", "viewer"]);
    expect(below("finance")).toEqual(["finance", "viewer"]);
    expect(below("engineer")).toEqual(["engineer", "viewer"]);
    expect(below("viewer")).toEqual(["viewer"]);
  });
});
