// The projects list use case: spend this month and last in org-local months
// (from the daily rollups, to the nano-dollar), requests, budgets on the
// project or its keys, members; engineers and viewers see only their projects.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { listProjectSummaries } from "../../lib/projects/list-project-summaries";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

let t: TestDatabase;
let orgId: string;
const ids: Record<string, string> = {};
let engineer: Principal;
let viewer: Principal;
let finance: Principal;
// 2026-12-01T03:00Z is still November 30 in New York: the month boundary is the org's.
const now = new Date("2026-12-10T15:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  const org = await t.db.org.create({ data: { name: "List Org", slug: "list-org", timezone: "America/New_York" } });
  orgId = org.id;
  for (const name of ["Alpha", "Beta", "Gamma"]) ids[name] = (await t.db.project.create({ data: { orgId, name, slug: name.toLowerCase(), description: `${name} project` } })).id;
  await t.db.project.create({ data: { orgId, name: "Archived", slug: "archived", archivedAt: new Date() } });
  const other = await t.db.org.create({ data: { name: "Other", slug: "other" } });
  await t.db.project.create({ data: { orgId: other.id, name: "Elsewhere", slug: "elsewhere" } });
  const eng = await t.db.user.create({ data: { email: "eng@list.test", passwordHash: "x" } });
  const view = await t.db.user.create({ data: { email: "view@list.test", passwordHash: "x" } });
  await t.db.projectMember.create({ data: { projectId: ids.Alpha!, userId: eng.id } });
  await t.db.projectMember.create({ data: { projectId: ids.Beta!, userId: eng.id } });
  await t.db.projectMember.create({ data: { projectId: ids.Beta!, userId: view.id } });
  engineer = { kind: "user", actor: `user:${eng.id}`, userId: eng.id, email: "eng@list.test", orgId, role: "engineer" };
  viewer = { kind: "user", actor: `user:${view.id}`, userId: view.id, email: "view@list.test", orgId, role: "viewer" };
  finance = { kind: "token", actor: "token:t", userId: null, email: null, orgId, role: "finance" };
  const key = await t.db.apiKey.create({ data: { projectId: ids.Alpha!, name: "k", prefix: "tg_x", hashedKey: "h1" } });
  await t.db.budget.create({ data: { orgId, name: "Alpha", scope: "project", projectId: ids.Alpha!, period: "month", amountUsd: "10" } });
  await t.db.budget.create({ data: { orgId, name: "Alpha key", scope: "key", apiKeyId: key.id, period: "month", amountUsd: "5" } });
  await t.db.budget.create({ data: { orgId, name: "Org", scope: "org", period: "month", amountUsd: "100" } });
  const at = (iso: string, projectId: string, costUsd: string | null) => usageEvent({ orgId, projectId, apiKeyId: null, occurredAt: iso, costUsd });
  await recordUsageBatch(t.db, [
    at("2026-12-01T03:00:00Z", ids.Alpha!, "1.000000001"), // Nov 30 local: last month
    at("2026-12-01T06:00:00Z", ids.Alpha!, "0.250000000"), // Dec 1 local
    at("2026-12-09T12:00:00Z", ids.Alpha!, null), // unpriced: counts as a request, adds no cost
    at("2026-11-01T03:00:00Z", ids.Alpha!, "7.000000000"), // Oct 31 local: before last month
    at("2026-11-15T12:00:00Z", ids.Beta!, "2.123456789"),
  ]);
});
afterAll(() => t.drop());

describe("listProjectSummaries", () => {
  it("gives org-wide roles every live project of the org with spend this month and last in org-local months", async () => {
    const list = await listProjectSummaries(t.db, finance, now);
    expect(list).toMatchObject({ thisMonth: "2026-12-01", lastMonth: "2026-11-01" });
    expect(list.projects.map((p) => p.name)).toEqual(["Alpha", "Beta", "Gamma"]);
    expect(list.projects[0]).toEqual({
      id: ids.Alpha, name: "Alpha", slug: "alpha", description: "Alpha project",
      costThisMonthUsd: "0.250000000", costLastMonthUsd: "1.000000001", requestsThisMonth: 2, budgets: 2, members: 1,
    });
    expect(list.projects[1]).toMatchObject({ costThisMonthUsd: "0.000000000", costLastMonthUsd: "2.123456789", requestsThisMonth: 0, budgets: 0, members: 2 });
    expect(list.projects[2]).toMatchObject({ costThisMonthUsd: "0.000000000", costLastMonthUsd: "0.000000000", requestsThisMonth: 0, budgets: 0, members: 0 });
  });

  it("confines engineers and viewers to the projects they are members of", async () => {
    expect((await listProjectSummaries(t.db, engineer, now)).projects.map((p) => p.name)).toEqual(["Alpha", "Beta"]);
    expect((await listProjectSummaries(t.db, viewer, now)).projects.map((p) => p.name)).toEqual(["Beta"]);
    const stranger: Principal = { ...viewer, userId: "nobody", actor: "user:nobody" };
    expect((await listProjectSummaries(t.db, stranger, now)).projects).toEqual([]);
    const token: Principal = { kind: "token", actor: "token:e", userId: null, email: null, orgId, role: "engineer", projectIds: [ids.Gamma!] };
    expect((await listProjectSummaries(t.db, token, now)).projects.map((p) => p.name)).toEqual(["Gamma"]);
  });
});
