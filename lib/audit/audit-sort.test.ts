import { describe, expect, it } from "vitest";
import { auditSortHrefs, defaultOrder, tieBreakOrder } from "./audit-sort";

describe("auditSortHrefs", () => {
  it("flips the order of the sort shown and starts the others in their default order", () => {
    expect(auditSortHrefs({}, { sort: "time", order: "desc" })).toEqual({
      time: "/audit?sort=time&order=asc", actor: "/audit?sort=actor&order=asc", action: "/audit?sort=action&order=asc",
    });
    expect(auditSortHrefs({ sort: "actor", order: "asc" }, { sort: "actor", order: "asc" })).toEqual({
      time: "/audit", actor: "/audit?sort=actor&order=desc", action: "/audit?sort=action&order=asc",
    });
  });

  it("keeps the filters and the page size, never the cursor", () => {
    const hrefs = auditSortHrefs({ action: "budget.update", actor: "a@b.c", limit: "20", cursor: "41", before: "40", sort: "time", order: "asc" }, { sort: "time", order: "asc" });
    expect(hrefs.time).toBe("/audit?action=budget.update&actor=a%40b.c&limit=20");
    expect(hrefs.action).toBe("/audit?action=budget.update&actor=a%40b.c&limit=20&sort=action&order=asc");
  });

  it("orders time newest first and names A to Z by default", () => {
    expect([defaultOrder("time"), defaultOrder("actor"), defaultOrder("action")]).toEqual(["desc", "asc", "asc"]);
  });

  it("breaks ties along the order for time, newest first for one actor or action", () => {
    expect([tieBreakOrder("time", "asc"), tieBreakOrder("time", "desc")]).toEqual(["asc", "desc"]);
    expect([tieBreakOrder("actor", "asc"), tieBreakOrder("actor", "desc"), tieBreakOrder("action", "asc")]).toEqual(["desc", "desc", "desc"]);
  });
});
