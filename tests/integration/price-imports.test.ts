// Imports from the public price dataset (@pydantic/genai-prices): the daily
// check keeps the diff as a pending import (idempotent, through the BullMQ
// job too), an admin applies the picked rows in one transaction or dismisses
// it, finance may look, and the API answers 403 / 409 / 422 as documented.
// The route handlers are called as Next calls them, with a real database and
// Redis behind them.
import { Worker } from "bullmq";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Role } from "../../lib/auth/principal";
import type { StoredImportDiff } from "../../lib/catalog/public-prices/io/check-public-prices";
import { schedulePriceImportChecks } from "../../lib/catalog/public-prices/io/schedule-price-import-checks";
import { disconnectDb } from "../../lib/db";
import { generateSecret } from "../../lib/keys/generate-secret";
import { createLogger, setLogger } from "../../lib/log/logger";
import { installPriceBook } from "../../lib/pricing/install-price-book";
import { closeQueues, enqueueJob, getQueue } from "../../lib/queues/get-queue";
import { QueueName } from "../../lib/queues/queue-names";
import { createRedis } from "../../lib/redis/create-redis";
import { disconnectRedis } from "../../lib/redis";
import { assertScenarioMatchesCatalog } from "../../lib/whatif/io/manage-scenarios";
import { scenarioSchema } from "../../lib/whatif/scenario-schema";
import { createPriceImportCheckProcessor } from "../../workers/price-import-jobs";
import { waitFor } from "../support/budget-helpers";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = Record<"list" | "one" | "apply" | "dismiss" | "check", Partial<Record<"GET" | "POST", Handler>>>;

let t: TestDatabase;
let routes: Routes;
let redisUrl: string;
const log = createLogger({ name: "test", level: "silent" });

async function org(slug: string) {
  const created = await t.db.org.create({ data: { name: slug, slug }, select: { id: true } });
  await installPriceBook(t.db, created.id);
  const tokens = {} as Record<Role, string>;
  for (const role of ["owner", "admin", "finance", "engineer", "viewer"] as const) {
    const { secret, hashed, prefix } = generateSecret("tgm");
    await t.db.managementToken.create({ data: { orgId: created.id, name: role, role, hashedToken: hashed, prefix } });
    tokens[role] = secret;
  }
  return { id: created.id, tokens };
}

async function call(token: string, handler: Handler | undefined, path: string, init: { method?: "GET" | "POST"; body?: unknown; params?: Record<string, string> } = {}) {
  const req = new NextRequest(`http://localhost:3000/api/manage/v1${path}`, {
    method: init.method ?? "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", host: "localhost:3000" },
    body: init.body === undefined ? (init.method === "GET" ? undefined : "{}") : JSON.stringify(init.body),
  });
  const res = await handler!(req, { params: Promise.resolve(init.params ?? {}) });
  return { status: res.status, json: (await res.json()) as { data?: Record<string, unknown>; error?: { code: string; message: string; details?: unknown } } };
}

type ImportView = { id: string; status: string; source: string; counts: Record<string, number>; appliedAliases: string[]; diff: StoredImportDiff };
const view = async (token: string, id: string) => (await call(token, routes.one.GET, `/prices/imports/${id}`, { method: "GET", params: { importId: id } })).json.data as unknown as ImportView;
const check = (token: string) => call(token, routes.check.POST, "/prices/imports/check");
const apply = (token: string, id: string, body: unknown = {}) => call(token, routes.apply.POST, `/prices/imports/${id}/apply`, { body, params: { importId: id } });
const dismiss = (token: string, id: string) => call(token, routes.dismiss.POST, `/prices/imports/${id}/dismiss`, { params: { importId: id } });
const newAliases = (v: ImportView, n: number) => v.diff.rows.filter((r) => r.status === "new" && r.contextWindow).slice(0, n).map((r) => r.alias);

beforeAll(async () => {
  setLogger(log);
  t = await createTestDatabase(inject("databaseServerUrl"));
  const url = new URL(inject("redisUrl"));
  url.pathname = `/${TEST_REDIS_DBS.priceImports}`;
  redisUrl = url.toString();
  process.env.DATABASE_URL = t.url;
  process.env.REDIS_URL = redisUrl;
  process.env.NEXTAUTH_SECRET ??= "x".repeat(32);
  routes = {
    list: await import("../../app/api/manage/v1/prices/imports/route"),
    one: await import("../../app/api/manage/v1/prices/imports/[importId]/route"),
    apply: await import("../../app/api/manage/v1/prices/imports/[importId]/apply/route"),
    dismiss: await import("../../app/api/manage/v1/prices/imports/[importId]/dismiss/route"),
    check: await import("../../app/api/manage/v1/prices/imports/check/route"),
  };
});

afterAll(async () => {
  await closeQueues();
  disconnectRedis();
  await disconnectDb();
  await t.drop();
});

describe("the daily check", () => {
  it("is a daily job scheduler whose job, run twice, keeps one pending import per org", async () => {
    const a = await org("check-a");
    const b = await org("check-b");
    const connection = createRedis(redisUrl);
    const worker = new Worker(QueueName.PriceImportCheck, createPriceImportCheckProcessor({ db: t.db, log }), { connection: createRedis(redisUrl), concurrency: 1 });
    try {
      await schedulePriceImportChecks(connection);
      const queue = getQueue(QueueName.PriceImportCheck, connection);
      expect((await queue.getJobScheduler("price-import-check"))?.pattern).toBe("17 4 * * *");
      for (const jobId of ["first", "second"]) {
        const job = await enqueueJob(connection, QueueName.PriceImportCheck, {}, `price-import-check-${jobId}`);
        await waitFor(async () => (await job.getState()) === "completed", 60_000, `the ${jobId} check`);
      }
      for (const o of [a, b]) {
        const imports = await t.db.priceImport.findMany({ where: { orgId: o.id } });
        expect(imports).toHaveLength(1);
        expect(imports[0]).toMatchObject({ status: "pending", pendingOrgId: o.id, source: "@pydantic/genai-prices@0.1.8", packageVersion: "0.1.8", createdBy: "system" });
      }
      await queue.removeJobScheduler("price-import-check");
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });

  it("\"Check now\" on the same dataset and book adds nothing; the diff lists new, and hand-priced rows against the dataset's price", async () => {
    const o = await org("check-now");
    const first = await check(o.tokens.admin);
    expect(first).toMatchObject({ status: 201, json: { data: { outcome: "created" } } });
    const again = await check(o.tokens.owner);
    expect(again.json.data).toEqual({ outcome: "already-pending", importId: first.json.data!.importId });
    const v = await view(o.tokens.finance, String(first.json.data!.importId));
    expect(v.counts.new).toBeGreaterThan(150);
    expect(v.diff.reviewedSource).toMatch(/^@pydantic\/genai-prices@0\.1\.8 \(imported \d{4}-\d{2}-\d{2}\)$/);
    expect(v.diff.rows.some((r) => r.status === "unchanged" as string)).toBe(false);
    for (const r of v.diff.rows.filter((x) => x.status === "new")) for (const p of r.proposed) expect(p.source).toBe(v.diff.reviewedSource);
    const hand = v.diff.rows.filter((r) => r.status === "hand-priced");
    // The starter price book (DESIGN.md) priced some of the dataset's models itself: listed, with both prices, never proposed.
    expect(hand.length).toBeGreaterThan(0);
    for (const r of hand) expect(r).toMatchObject({ proposed: [], current: { input: expect.any(String) }, dataset: { input: expect.any(String) } });
    expect(await t.db.priceImport.count({ where: { orgId: o.id } })).toBe(1);
  });
});

describe("a pending import the book has moved away from", () => {
  it("is superseded by the next check's import, one pending at a time", async () => {
    const o = await org("superseded");
    const first = String((await check(o.tokens.owner)).json.data!.importId);
    const [alias] = newAliases(await view(o.tokens.owner, first), 1);
    // An admin prices one of the proposed models by hand before deciding: the diff is no longer the same.
    await t.db.model.create({ data: { orgId: o.id, alias: alias!, tier: "economy", prices: { create: [{ effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "1", outputPerMTok: "2", source: "our contract" }] } } });
    const second = await check(o.tokens.owner);
    expect(second.json.data!.outcome).toBe("created");
    expect(second.json.data!.importId).not.toBe(first);
    expect(await t.db.priceImport.findMany({ where: { orgId: o.id }, orderBy: { createdAt: "asc" }, select: { id: true, status: true, pendingOrgId: true } })).toEqual([
      { id: first, status: "superseded", pendingOrgId: null },
      { id: second.json.data!.importId, status: "pending", pendingOrgId: o.id },
    ]);
    expect((await view(o.tokens.owner, String(second.json.data!.importId))).diff.rows.find((r) => r.alias === alias)).toMatchObject({ status: "hand-priced", current: { source: "our contract" } });
    expect((await apply(o.tokens.owner, first)).status).toBe(409);
  });
});

describe("applying and dismissing", () => {
  it("applies the picked rows in one transaction (priced only, provenance, audit), then answers 409; a scenario can target what it created", async () => {
    const o = await org("apply");
    const id = String((await check(o.tokens.owner)).json.data!.importId);
    const v = await view(o.tokens.owner, id);
    const picked = newAliases(v, 2);
    const modelsBefore = await t.db.model.count({ where: { orgId: o.id } });
    const done = await apply(o.tokens.admin, id, { aliases: picked });
    expect(done).toMatchObject({ status: 201, json: { data: { id, status: "applied", created: 2, updated: 0, modelsCreated: 2 } } });
    expect(await t.db.model.count({ where: { orgId: o.id } })).toBe(modelsBefore + 2);
    const rows = await t.db.model.findMany({ where: { orgId: o.id, alias: { in: picked } }, include: { prices: true, deployments: true } });
    for (const m of rows) {
      expect(m.deployments).toEqual([]);
      expect(m.isLocal).toBe(false);
      expect(m.contextWindow).toBe(v.diff.rows.find((r) => r.alias === m.alias)!.contextWindow);
      expect(m.prices.length).toBe(v.diff.rows.find((r) => r.alias === m.alias)!.proposed.length);
      for (const p of m.prices) expect(p.source).toMatch(/^@pydantic\/genai-prices@0\.1\.8 \(imported \d{4}-\d{2}-\d{2}\)$/);
    }
    const stored = await view(o.tokens.finance, id);
    expect(stored).toMatchObject({ status: "applied", appliedAliases: picked });
    expect(await t.db.priceImport.findUniqueOrThrow({ where: { id } })).toMatchObject({ decidedBy: expect.stringMatching(/^token:/), pendingOrgId: null });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { orgId: o.id, action: "price_import.apply", entityId: id } });
    expect(audit.after).toMatchObject({ created: 2, aliases: picked });

    const twice = await apply(o.tokens.admin, id, { aliases: picked });
    expect(twice.status).toBe(409);
    expect((await dismiss(o.tokens.admin, id)).status).toBe(409);

    // The rows left unpicked were decided: the next check proposes nothing until the dataset or the book moves.
    expect((await check(o.tokens.admin)).json.data).toEqual({ outcome: "already-decided", importId: null });

    const scenario = scenarioSchema.parse({ name: "to an imported model", range: { from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" }, rules: [{ sharePercent: 100, target: { model: picked[0] } }] });
    await expect(assertScenarioMatchesCatalog(t.db, o.id, scenario)).resolves.toBeUndefined();
  });

  it("a moved dataset price is a new pending import with a changed row; dismissing it keeps the book and is not proposed again", async () => {
    const o = await org("moved");
    const first = String((await check(o.tokens.owner)).json.data!.importId);
    const [alias] = newAliases(await view(o.tokens.owner, first), 1);
    await apply(o.tokens.owner, first, { aliases: [alias] });
    const latest = await t.db.modelPrice.findFirstOrThrow({ where: { model: { orgId: o.id, alias } }, orderBy: { effectiveFrom: "desc" } });
    await t.db.modelPrice.update({ where: { id: latest.id }, data: { inputPerMTok: "123.456" } }); // as if the dataset had since changed
    const second = await check(o.tokens.owner);
    expect(second.json.data!.outcome).toBe("created");
    const v = await view(o.tokens.owner, String(second.json.data!.importId));
    expect(v.diff.rows.find((r) => r.alias === alias)).toMatchObject({ status: "changed", current: { input: "123.456" } });
    expect((await dismiss(o.tokens.admin, v.id))).toMatchObject({ status: 201, json: { data: { status: "dismissed" } } });
    expect((await t.db.modelPrice.findUniqueOrThrow({ where: { id: latest.id } })).inputPerMTok.toString()).toBe("123.456");
    expect(await t.db.auditLog.count({ where: { orgId: o.id, action: "price_import.dismiss", entityId: v.id } })).toBe(1);
    expect((await check(o.tokens.owner)).json.data!.outcome).toBe("already-decided");
    expect((await apply(o.tokens.owner, v.id)).status).toBe(409);
  });

  it("applying everything never writes a hand-priced or local model; two applies at once write once", async () => {
    const o = await org("apply-all");
    const local = await t.db.model.create({ data: { orgId: o.id, alias: "gpt-4o-mini", isLocal: true, tier: "economy", prices: { create: [{ effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "0", outputPerMTok: "0", source: "self-hosted" }] } }, include: { prices: true } });
    const id = String((await check(o.tokens.owner)).json.data!.importId);
    const v = await view(o.tokens.owner, id);
    expect(v.diff.rows.find((r) => r.alias === "gpt-4o-mini")!.status).toBe("hand-priced");
    const pricesBefore = await t.db.modelPrice.count({ where: { model: { orgId: o.id } } });
    const [one, two] = await Promise.all([apply(o.tokens.owner, id), apply(o.tokens.admin, id)]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    const done = one.status === 201 ? one : two;
    const writable = v.diff.rows.filter((r) => r.status === "new" || r.status === "changed");
    expect(done.json.data).toMatchObject({ created: writable.length, pricesWritten: writable.reduce((n, r) => n + r.proposed.length, 0) });
    expect(await t.db.modelPrice.count({ where: { model: { orgId: o.id } } })).toBe(pricesBefore + Number(done.json.data!.pricesWritten));
    expect(await t.db.model.findUniqueOrThrow({ where: { id: local.id }, include: { prices: true } })).toMatchObject({ isLocal: true, prices: [expect.objectContaining({ source: "self-hosted" })] });
    expect(await t.db.deployment.count({ where: { model: { orgId: o.id, alias: { in: writable.map((r) => r.alias) } } } })).toBe(0);
  }, 120_000);

  it("refuses a picked row priced by hand since the check (409), and writes nothing", async () => {
    const o = await org("stale");
    const id = String((await check(o.tokens.owner)).json.data!.importId);
    const [alias, other] = newAliases(await view(o.tokens.owner, id), 2);
    await t.db.model.create({ data: { orgId: o.id, alias: alias!, tier: "economy", prices: { create: [{ effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "1", outputPerMTok: "2", source: "our contract" }] } } });
    const count = await t.db.modelPrice.count();
    const refused = await apply(o.tokens.owner, id, { aliases: [other, alias] });
    expect(refused.status).toBe(409);
    expect(refused.json.error!.message).toContain(alias!);
    expect(await t.db.modelPrice.count()).toBe(count);
    expect((await t.db.priceImport.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
  });
});

describe("the API's roles and input", () => {
  it("lets finance look but not decide; engineers and viewers neither; 422 names the field; 404 for another org's import", async () => {
    const o = await org("roles");
    const other = await org("roles-other");
    const id = String((await check(o.tokens.owner)).json.data!.importId);
    const list = await call(o.tokens.finance, routes.list.GET, "/prices/imports?status=pending", { method: "GET" });
    expect(list.status).toBe(200);
    expect((list.json.data as unknown as { id: string; diff?: unknown }[]).map((i) => [i.id, "diff" in i])).toEqual([[id, false]]);
    expect((await call(o.tokens.finance, routes.list.GET, "/prices/imports?limit=0", { method: "GET" })).json.error).toMatchObject({ code: "validation_failed", message: expect.stringContaining("limit") });
    for (const role of ["engineer", "viewer"] as const) {
      expect((await call(o.tokens[role], routes.list.GET, "/prices/imports", { method: "GET" })).status).toBe(403);
      expect((await call(o.tokens[role], routes.one.GET, `/prices/imports/${id}`, { method: "GET", params: { importId: id } })).status).toBe(403);
    }
    for (const role of ["finance", "engineer", "viewer"] as const) {
      expect((await apply(o.tokens[role], id)).status).toBe(403);
      expect((await dismiss(o.tokens[role], id)).status).toBe(403);
      expect((await check(o.tokens[role])).status).toBe(403);
    }
    const v = await view(o.tokens.owner, id);
    const hand = v.diff.rows.find((r) => r.status === "hand-priced");
    const bad = await apply(o.tokens.owner, id, { aliases: ["no-such-model-anywhere", ...(hand ? [hand.alias] : [])] });
    expect(bad.status).toBe(422);
    expect(bad.json.error!.details).toEqual([
      { field: "aliases.0", message: "no-such-model-anywhere is not a row of this import" },
      ...(hand ? [{ field: "aliases.1", message: `${hand.alias} is priced by hand in your book: never overwritten` }] : []),
    ]);
    for (const body of [{ aliases: [] }, { aliases: "gpt-4o" }, { rows: ["gpt-4o"] }]) {
      const res = await apply(o.tokens.owner, id, body);
      expect(res.status).toBe(422);
      expect(res.json.error!.message).toMatch(/aliases|rows/);
    }
    expect((await call(other.tokens.owner, routes.one.GET, `/prices/imports/${id}`, { method: "GET", params: { importId: id } })).status).toBe(404);
    expect((await apply(other.tokens.owner, id)).status).toBe(404);
    expect((await t.db.priceImport.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
  });
});
