// The request log: filters, keyset pagination without gaps or repeats,
// project scoping by role, the 31-day bound, and a request's cost breakdown
// that adds up to the stored cost with the price version it used.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { AppError } from "../../lib/http/app-error";
import { priceRequest } from "../../lib/pricing/price-request";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import { getUsageEvent } from "../../lib/usage/get-usage-event";
import { listUsageEvents, listUsageEventsQuerySchema } from "../../lib/usage/list-usage-events";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

let t: TestDatabase;
let owner: Principal;
let engineer: Principal;
let projectA: string;
let projectB: string;
let priceId: string;
let detailEventId: string;
let keyId: string;
let deploymentId: string;
const now = new Date("2026-11-20T12:00:00Z");
const rates = { inputPerMTok: "1.1", cachedInputPerMTok: "0.275", cacheWritePerMTok: null, outputPerMTok: "4.4", reasoningPerMTok: null };

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  const org = await t.db.org.create({ data: { name: "Log Org", slug: "log-org" } });
  projectA = (await t.db.project.create({ data: { orgId: org.id, name: "Alpha", slug: "alpha" } })).id;
  projectB = (await t.db.project.create({ data: { orgId: org.id, name: "Beta", slug: "beta" } })).id;
  const user = await t.db.user.create({ data: { email: "eng@log.test", passwordHash: "x" } });
  await t.db.projectMember.create({ data: { projectId: projectA, userId: user.id } });
  owner = { kind: "token", actor: "test", userId: null, email: null, orgId: org.id, role: "owner" };
  engineer = { kind: "user", actor: `user:${user.id}`, userId: user.id, email: "eng@log.test", orgId: org.id, role: "engineer" };
  const model = await t.db.model.create({ data: { orgId: org.id, alias: "o4-mini", tier: "mid" } });
  priceId = (await t.db.modelPrice.create({ data: { modelId: model.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "1.1", cachedInputPerMTok: "0.275", outputPerMTok: "4.4" } })).id;
  const usage = { inputTokens: 1200, cachedInputTokens: 200, cacheWriteTokens: 0, outputTokens: 300, reasoningTokens: 0 };
  const events = Array.from({ length: 25 }, (_, i) => usageEvent({
    orgId: org.id, projectId: i % 5 === 0 ? projectB : projectA, apiKeyId: null,
    occurredAt: new Date(now.getTime() - i * 60_000).toISOString(),
    servedModel: i % 2 ? "o4-mini" : "gpt-5-mini", requestedModel: i % 2 ? "o4-mini" : "gpt-5-mini", tier: i % 2 ? "mid" : "economy",
    status: i % 7 === 0 ? "upstream_error" : "ok", httpStatus: i % 7 === 0 ? 502 : 200, tags: i % 3 === 0 ? ["batch"] : [],
    ...usage, costUsd: priceRequest(usage, rates).total, priceId,
  }));
  // Two rows in the same millisecond, so the id tie-break is exercised.
  events.push(usageEvent({ orgId: org.id, projectId: projectA, apiKeyId: null, occurredAt: events[3]!.occurredAt, costUsd: null }));
  await recordUsageBatch(t.db, events);
  // One request with everything a detail page resolves: key, deployment, end user, and cache writes on a model without a cache-write price.
  keyId = (await t.db.apiKey.create({ data: { projectId: projectA, name: "checkout-service", hashedKey: "h-log-1", prefix: "tg_live_ab12" } })).id;
  const provider = await t.db.provider.create({ data: { orgId: org.id, name: "OpenAI prod", kind: "cloud", vendor: "openai", baseUrl: "https://api.openai.com/v1" } });
  deploymentId = (await t.db.deployment.create({ data: { providerId: provider.id, modelId: model.id, upstreamModel: "o4-mini-2025-04-16" } })).id;
  const cached = { inputTokens: 1500, cachedInputTokens: 200, cacheWriteTokens: 300, outputTokens: 300, reasoningTokens: 0 };
  await recordUsageBatch(t.db, [usageEvent({
    requestId: "req_detail", orgId: org.id, projectId: projectA, apiKeyId: keyId, deploymentId, endUser: "user-4711",
    occurredAt: new Date(now.getTime() - 2 * 3600_000).toISOString(), servedModel: "o4-mini", requestedModel: "o4-mini", tier: "mid",
    ...cached, costUsd: priceRequest(cached, rates).total, priceId,
  })]);
  detailEventId = (await t.db.usageEvent.findFirstOrThrow({ where: { requestId: "req_detail" }, select: { id: true } })).id.toString();
});
afterAll(() => t.drop());

const query = (q: Record<string, unknown>) => listUsageEventsQuerySchema.parse({ from: new Date(now.getTime() - 3600_000).toISOString(), to: new Date(now.getTime() + 1).toISOString(), ...q });

describe("request log", () => {
  it("pages through every row once, newest first", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let times: number[] = [];
    do {
      const page = await listUsageEvents(t.db, owner, query({ limit: 4, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.events.map((e) => e.id));
      times = [...times, ...page.events.map((e) => e.occurredAt.getTime())];
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("filters by project, model, tier, status and tag, and scopes engineers to their projects", async () => {
    expect((await listUsageEvents(t.db, owner, query({ projectId: projectB }))).events).toHaveLength(5);
    expect((await listUsageEvents(t.db, owner, query({ model: "o4-mini" }))).events.every((e) => e.servedModel === "o4-mini")).toBe(true);
    expect((await listUsageEvents(t.db, owner, query({ tier: "mid" }))).events).toHaveLength(12);
    expect((await listUsageEvents(t.db, owner, query({ status: "upstream_error" }))).events).toHaveLength(4);
    expect((await listUsageEvents(t.db, owner, query({ tag: "batch" }))).events).toHaveLength(9);
    const mine = await listUsageEvents(t.db, engineer, query({ limit: 200 }));
    expect(mine.events.every((e) => e.projectId === projectA)).toBe(true);
    expect(mine.events).toHaveLength(21);
    await expect(listUsageEvents(t.db, engineer, query({ projectId: projectB }))).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses unbounded ranges and bad cursors with a clear error", async () => {
    await expect(listUsageEvents(t.db, owner, query({ from: "2026-09-01T00:00:00Z" }))).rejects.toBeInstanceOf(AppError);
    await expect(listUsageEvents(t.db, owner, query({ cursor: "bm90LWEtY3Vyc29y" }))).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("shows a request's cost by token type with its price version, adding up to the stored cost", async () => {
    const [first] = (await listUsageEvents(t.db, owner, query({ model: "o4-mini", limit: 1 }))).events;
    const detail = await getUsageEvent(t.db, owner, first!.id);
    expect(detail.price).toMatchObject({ id: priceId, inputPerMTok: "1.1", cachedInputPerMTok: "0.275", outputPerMTok: "4.4" });
    // 1,000 x 1.1 + 200 x 0.275 + 300 x 4.4 per 1M.
    expect(detail.costBreakdown).toMatchObject({ input: "0.001100000", cachedInput: "0.000055000", output: "0.001320000", total: "0.002475000" });
    expect(detail.costUsd).toBe("0.002475");
    await expect(getUsageEvent(t.db, engineer, (await listUsageEvents(t.db, owner, query({ projectId: projectB, limit: 1 }))).events[0]!.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getUsageEvent(t.db, owner, "not-a-number")).rejects.toMatchObject({ code: "not_found" });
  });

  it("names a request's project, key, end user, provider and deployment, and says cache writes are priced at the input rate", async () => {
    const detail = await getUsageEvent(t.db, owner, detailEventId);
    expect(detail.project).toEqual({ id: projectA, name: "Alpha" });
    expect(detail.apiKey).toEqual({ id: keyId, name: "checkout-service", prefix: "tg_live_ab12" });
    expect(detail.endUser).toBe("user-4711");
    expect(detail.deployment).toEqual({ id: deploymentId, upstreamModel: "o4-mini-2025-04-16", provider: { id: expect.any(String), name: "OpenAI prod", vendor: "openai" } });
    expect(JSON.stringify(detail)).not.toContain("h-log-1");
    expect(detail.costLines?.find((l) => l.kind === "cacheWrite")).toEqual({
      kind: "cacheWrite", label: "Cache write", tokens: 300, ratePerMTok: "1.1", pricedAs: "input", costUsd: "0.000330000",
    });
    expect(detail.costLines?.find((l) => l.kind === "cachedInput")).toMatchObject({ ratePerMTok: "0.275", pricedAs: null });
    // Exact: 1,000 x 1.1 + 200 x 0.275 + 300 x 1.1 + 300 x 4.4 per 1M, to the nano-dollar.
    expect(detail.costUsd).toBe("0.002805");
    // A request without a key or deployment (or whose key has since been deleted) gets null here, not an error.
    const gone = await getUsageEvent(t.db, owner, (await listUsageEvents(t.db, owner, query({ model: "o4-mini", limit: 1 }))).events[0]!.id);
    expect(gone).toMatchObject({ apiKey: null, deployment: null, project: { name: expect.any(String) } });
  });
});
