// Models the usage names but the catalog lacks are listed for the Models page
// (so nobody misses an unpriced model), per org, within the last 30 days.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { listUncataloguedModels } from "../../lib/catalog/list-uncatalogued-models";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

let t: TestDatabase;
let finance: Principal;
const now = new Date("2026-11-30T12:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  const org = await t.db.org.create({ data: { name: "Cat Org", slug: "cat-org" } });
  const other = await t.db.org.create({ data: { name: "Other", slug: "other-org" } });
  const project = await t.db.project.create({ data: { orgId: org.id, name: "P", slug: "p" } });
  const otherProject = await t.db.project.create({ data: { orgId: other.id, name: "Q", slug: "q" } });
  await t.db.model.create({ data: { orgId: org.id, alias: "gpt-5-mini", tier: "economy" } });
  finance = { kind: "token", actor: "token:f", userId: null, email: null, orgId: org.id, role: "finance" };
  const e = (orgId: string, projectId: string, model: string, occurredAt: string, costUsd: string | null = null) =>
    usageEvent({ orgId, projectId, apiKeyId: null, servedModel: model, requestedModel: model, tier: null, occurredAt, costUsd });
  await recordUsageBatch(t.db, [
    e(org.id, project.id, "gpt-5-mini", "2026-11-29T10:00:00Z", "0.001000000"),
    e(org.id, project.id, "my-finetune", "2026-11-20T10:00:00Z"),
    e(org.id, project.id, "my-finetune", "2026-11-28T10:00:00Z"),
    e(org.id, project.id, "old-model", "2026-10-01T10:00:00Z"), // before the last 30 days
    e(other.id, otherProject.id, "their-model", "2026-11-29T10:00:00Z"),
  ]);
});
afterAll(() => t.drop());

describe("listUncataloguedModels", () => {
  it("lists served models of the last 30 days that the org's catalog does not have, with their requests", async () => {
    expect(await listUncataloguedModels(t.db, finance, now)).toEqual([{ alias: "my-finetune", requests: 2, unpricedRequests: 2, lastDay: "2026-11-28" }]);
  });
  it("drops a model once it is in the catalog", async () => {
    await t.db.model.create({ data: { orgId: finance.orgId, alias: "my-finetune", tier: "mid" } });
    expect(await listUncataloguedModels(t.db, finance, now)).toEqual([]);
  });
});
