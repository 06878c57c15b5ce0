// Routing statistics against real Postgres, from usage rows carrying routing
// records as the proxy writes them (route-record.ts, one row per attempt):
// requests are attempt-0 rows; cost is every attempt's, to the nano-dollar;
// fallbacks and escalations, local-first's local and burst shares and the
// burst's cost, cache hits and what they saved, and shadow policies' would-be
// models are counted per policy and rule; the range is org-local days, other
// orgs' rows and rows without a routing record are left out, engineers see
// their projects only, and a record with fields a reader does not know (or a
// malformed saving) does not break the page.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { resolveDashboardScope } from "../../lib/dashboard/dashboard-scope";
import { AppError } from "../../lib/http/app-error";
import { readRoutingStats } from "../../lib/routing/read-routing-stats";
import { routeRecord, type AttemptRole, type RouteRecord } from "../../lib/routing/route-record";
import type { RouteDecision } from "../../lib/routing/route-types";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import type { UsageEventInput } from "../../lib/usage/usage-event-schema";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

let t: TestDatabase;
let orgId: string;
let otherOrgId: string;
let owner: Principal;
let engineer: Principal;
const p: Record<string, string> = {};
const pol: Record<string, string> = {};
const TZ = "Europe/Paris";
const now = new Date("2026-11-20T12:00:00Z");
// Inside the range 2026-11-10..2026-11-19 (Paris days).
const IN = "2026-11-15T10:00:00.000Z";

function decision(over: Partial<RouteDecision>): RouteDecision {
  return { mode: "enforce", policyId: null, policyName: null, ruleId: null, action: "default", candidates: [], skipped: [], sticky: null, cache: null, failover: null, cascade: null, localFirst: null, ...over };
}

let seq = 0;
/** One request: its attempts in order, each [served model, role, status, cost, extra record fields]. */
function request(d: RouteDecision, attempts: [string, AttemptRole, "ok" | "upstream_error", string | null, Partial<Pick<RouteRecord, "local" | "cache">>?][], opts: { projectId?: string; at?: string; shadow?: RouteDecision[]; org?: string } = {}): UsageEventInput[] {
  const requestId = `rs-${++seq}`;
  return attempts.map(([model, role, status, cost, extra], index) => usageEvent({
    requestId, attempt: index, orgId: opts.org ?? orgId, projectId: opts.projectId ?? p.alpha!, occurredAt: opts.at ?? IN, servedModel: model, requestedModel: "gpt-5-mini",
    status, httpStatus: status === "ok" ? 200 : 502, costUsd: cost,
    routing: routeRecord(d, { index, role, ...extra }, opts.shadow ?? []) as unknown as Record<string, unknown>,
  }));
}

beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  orgId = (await t.db.org.create({ data: { name: "Stats Org", slug: "stats-org", timezone: TZ } })).id;
  otherOrgId = (await t.db.org.create({ data: { name: "Other Org", slug: "other-org" } })).id;
  for (const name of ["alpha", "beta"]) p[name] = (await t.db.project.create({ data: { orgId, name, slug: name } })).id;
  const otherProject = (await t.db.project.create({ data: { orgId: otherOrgId, name: "x", slug: "x" } })).id;
  const user = await t.db.user.create({ data: { email: "eng@stats.test", passwordHash: "x" } });
  await t.db.membership.create({ data: { orgId, userId: user.id, role: "engineer" } });
  await t.db.projectMember.create({ data: { projectId: p.beta!, userId: user.id } });
  owner = { kind: "token", actor: "token:test", userId: null, email: null, orgId, role: "owner" };
  engineer = { kind: "user", actor: `user:${user.id}`, userId: user.id, email: "eng@stats.test", orgId, role: "engineer" };
  const rules = [{ id: "r", match: {}, action: { kind: "route", model: "gpt-5-mini" } }];
  pol.main = (await t.db.routingPolicy.create({ data: { orgId, name: "Main routing", rules } })).id;
  pol.shadow = (await t.db.routingPolicy.create({ data: { orgId, name: "Cheaper proposal", mode: "shadow", rules } })).id;

  const chain = decision({ policyId: pol.main, policyName: "Main routing", ruleId: "chain", action: "fallback", candidates: ["gpt-5-mini", "claude-haiku-4.5"] });
  const local = decision({ policyId: pol.main, ruleId: "local", action: "local-first", candidates: ["qwen-0.6b", "gpt-5-mini"] });
  const cached = decision({ policyId: pol.main, ruleId: "cached", action: "route", candidates: ["gpt-5-mini"], cache: { ttlSec: 600, shareAcrossProjects: false } });
  const json = decision({ policyId: pol.main, ruleId: "json", action: "cascade", candidates: ["gpt-5-nano", "gpt-5-mini"] });
  const wouldSend = (model: string) => decision({ mode: "shadow", policyId: pol.shadow, ruleId: "cheap", action: "route", candidates: [model] });
  const atLocal = (served: "local" | "burst", reason: NonNullable<RouteRecord["local"]>["reason"] = null) => ({ local: { model: "qwen-0.6b", served, reason } });
  const events: UsageEventInput[] = [
    // Fallback chain: three served by the primary, one by the fallback after a 502 (which cost nothing).
    ...request(chain, [["gpt-5-mini", "primary", "ok", "0.001000001"]], { shadow: [wouldSend("gpt-5-nano")] }),
    ...request(chain, [["gpt-5-mini", "primary", "ok", "0.001000001"]], { shadow: [wouldSend("gpt-5-nano")] }),
    ...request(chain, [["gpt-5-mini", "primary", "ok", "0.001000001"]], { shadow: [wouldSend("gpt-5-mini")] }),
    ...request(chain, [["gpt-5-mini", "primary", "upstream_error", "0"], ["claude-haiku-4.5", "fallback", "ok", "0.004000000"]], { shadow: [wouldSend("gpt-5-nano")] }),
    // Local first: three local, two burst at capacity / holding, one burst after the local model failed.
    ...request(local, [["qwen-0.6b", "primary", "ok", "0", atLocal("local")]]),
    ...request(local, [["qwen-0.6b", "primary", "ok", "0", atLocal("local")]]),
    ...request(local, [["qwen-0.6b", "primary", "ok", "0", atLocal("local")]], { projectId: p.beta }),
    ...request(local, [["gpt-5-mini", "primary", "ok", "0.002000000", atLocal("burst", "at-capacity")]]),
    ...request(local, [["gpt-5-mini", "primary", "ok", "0.002000000", atLocal("burst", "holding")]], { projectId: p.beta }),
    ...request(local, [["qwen-0.6b", "primary", "upstream_error", null, atLocal("local")], ["gpt-5-mini", "fallback", "ok", "0.003000000", atLocal("burst", "local-failed")]]),
    // Cache: two hits (cost nothing, saved what the answer cost) and the miss that made them.
    ...request(cached, [["gpt-5-mini", "primary", "ok", "0.012500000", { cache: { status: "miss" } }]]),
    ...request(cached, [["gpt-5-mini", "primary", "ok", "0", { cache: { status: "hit", savedCostUsd: "0.0125" } }]]),
    ...request(cached, [["gpt-5-mini", "primary", "ok", "0", { cache: { status: "hit", savedCostUsd: "0.000000001" } }]], { projectId: p.beta }),
    // Cascade: one answer escalated, one not.
    ...request(json, [["gpt-5-nano", "primary", "ok", "0.000100000"], ["gpt-5-mini", "escalation", "ok", "0.001000000"]]),
    ...request(json, [["gpt-5-nano", "primary", "ok", "0.000100000"]]),
    // No rule matched.
    ...request(decision({ candidates: ["gpt-5-mini"] }), [["gpt-5-mini", "primary", "ok", "0.001000000"]]),
    // Paris midnight: 22:59 UTC on the 9th is the 9th (out), 23:00 UTC is the 10th (in).
    ...request(chain, [["gpt-5-mini", "primary", "ok", "1.000000000"]], { at: "2026-11-09T22:59:59.000Z" }),
    ...request(chain, [["gpt-5-mini", "primary", "ok", "0.000000003"]], { at: "2026-11-09T23:00:00.000Z" }),
    // Another org's routed request, and a row without a routing record.
    ...request(chain, [["gpt-5-mini", "primary", "ok", "5"]], { org: otherOrgId, projectId: otherProject }),
    usageEvent({ orgId, projectId: p.alpha!, occurredAt: IN, costUsd: "7" }),
  ];
  // A record from a newer proxy (a field this reader does not know) and a saving that is not a decimal.
  const odd = request(cached, [["gpt-5-mini", "primary", "ok", "0", { cache: { status: "hit", savedCostUsd: "n/a" } }]]);
  odd[0]!.routing = { ...odd[0]!.routing, v: 2, futureField: { nested: true } };
  events.push(...odd);
  await recordUsageBatch(t.db, events);
});
afterAll(() => t.drop());

const stats = async (who: Principal = owner, filter: { from?: string; to?: string; project?: string } = { from: "2026-11-10", to: "2026-11-19" }) =>
  readRoutingStats(t.db, await resolveDashboardScope(t.db, who, filter, now));

describe("routing statistics", () => {
  it("count requests as attempt-0 rows and cost over every attempt, exactly, per policy and rule", async () => {
    const s = await stats();
    const rule = (id: string | null) => s.byRule.find((r) => r.ruleId === id)!;
    expect(rule("chain")).toMatchObject({ policyId: pol.main, policyName: "Main routing", action: "fallback", requests: 5, attempts: 6, fellBack: 1, fallbackAttempts: 1, costUsd: "0.007000006" });
    expect(rule("local")).toMatchObject({ requests: 6, attempts: 7, costUsd: "0.007000000", unpricedAttempts: 1 });
    expect(rule("json")).toMatchObject({ requests: 2, attempts: 3, fellBack: 1, escalationAttempts: 1, fallbackAttempts: 0, costUsd: "0.001200000" });
    expect(rule(null)).toMatchObject({ policyId: null, policyName: null, action: "default", requests: 1 });
    expect(s.totals).toMatchObject({ requests: 5 + 6 + 4 + 2 + 1, attempts: 6 + 7 + 4 + 3 + 1, fellBack: 3 });
    expect(s.totals.costUsd).toBe("0.028700006");
  });

  it("show each target's attempts, answers and cost under its rule", async () => {
    const chain = (await stats()).byTarget.filter((r) => r.ruleId === "chain");
    expect(chain).toEqual([
      { policyId: pol.main, policyName: "Main routing", ruleId: "chain", model: "gpt-5-mini", attempts: 5, served: 4, costUsd: "0.003000006" },
      { policyId: pol.main, policyName: "Main routing", ruleId: "chain", model: "claude-haiku-4.5", attempts: 1, served: 1, costUsd: "0.004000000" },
    ]);
  });

  it("split local-first traffic into served locally and burst, with the burst's cost and reasons", async () => {
    const [local] = (await stats()).localFirst;
    expect(local).toEqual({
      policyId: pol.main, policyName: "Main routing", ruleId: "local", localModel: "qwen-0.6b", servedLocal: 3, servedBurst: 3, burstAttempts: 3,
      burstCostUsd: "0.007000000", burstModels: ["gpt-5-mini"], reasons: { atCapacity: 1, ttftOverObjective: 0, holding: 1, localFailed: 1 },
    });
  });

  it("count cache hits and what they saved, ignoring a saving that is not a decimal and fields it does not know", async () => {
    const s = await stats();
    expect(s.byRule.find((r) => r.ruleId === "cached")).toMatchObject({ requests: 4, cacheHits: 3, cacheMisses: 1, savedUsd: "0.012500001", costUsd: "0.012500000" });
    expect(s.totals).toMatchObject({ cacheHits: 3, cacheMisses: 1, savedUsd: "0.012500001" });
  });

  it("count what each shadow policy would have sent where, and how often that differs from what was tried", async () => {
    expect((await stats()).shadow).toEqual([
      { policyId: pol.shadow, policyName: "Cheaper proposal", ruleId: "cheap", action: "route", model: "gpt-5-nano", requests: 3, differs: 3 },
      { policyId: pol.shadow, policyName: "Cheaper proposal", ruleId: "cheap", action: "route", model: "gpt-5-mini", requests: 1, differs: 0 },
    ]);
  });

  it("confine an engineer to their projects, and a project filter to its project", async () => {
    const mine = await stats(engineer);
    expect(mine.totals).toMatchObject({ requests: 3, servedLocal: 1, servedBurst: 1, cacheHits: 1, savedUsd: "0.000000001" });
    expect((await stats(owner, { from: "2026-11-10", to: "2026-11-19", project: p.beta! })).totals.requests).toBe(3);
  });

  it("answers an empty period with zeros and empty lists, and refuses a range longer than it reads", async () => {
    const empty = await stats(owner, { from: "2026-10-01", to: "2026-10-31" });
    expect(empty).toMatchObject({ byRule: [], byTarget: [], localFirst: [], shadow: [], totals: { requests: 0, costUsd: "0", savedUsd: "0", burstCostUsd: "0" } });
    await expect(stats(owner, { from: "2026-01-01", to: "2026-11-19" })).rejects.toBeInstanceOf(AppError);
  });
});
