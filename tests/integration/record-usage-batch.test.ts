import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import type { UsageEventInput } from "../../lib/usage/usage-event-schema";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
});
afterAll(() => t.drop());

async function rollupTotals() {
  const [row] = await t.db.$queryRaw<{ requests: bigint; cost: string; input: bigint; unpriced: bigint; estimated: bigint }[]>`
    SELECT sum(requests) AS requests, sum(cost_usd)::text AS cost, sum(input_tokens) AS input,
           sum(unpriced_requests) AS unpriced, sum(estimated_requests) AS estimated FROM usage_rollup_hourly`;
  return row!;
}

describe("recordUsageBatch", () => {
  it("writes raw rows and hourly rollups that agree to the nano-dollar", async () => {
    const events = [
      usageEvent({ costUsd: "0.000000001" }),
      usageEvent({ costUsd: "0.123456789", occurredAt: "2026-11-02T10:59:59.999Z" }),
      usageEvent({ costUsd: "1.000000000", occurredAt: "2026-11-02T11:00:00.000Z", tags: ["team:a", "feature:x"] }),
      usageEvent({ costUsd: null, servedModel: "mystery-model", tier: null }),
      usageEvent({ costUsd: "0.5", usageSource: "estimated", tags: ["team:a"] }),
    ];
    expect(await recordUsageBatch(t.db, events)).toEqual({ inserted: 5, duplicates: 0 });

    const totals = await rollupTotals();
    expect(totals.requests).toBe(5n);
    expect(totals.cost).toBe("1.623456790");
    expect(totals.unpriced).toBe(1n);
    expect(totals.estimated).toBe(1n);
    const [raw] = await t.db.$queryRaw<{ cost: string; nulls: bigint }[]>`SELECT sum(cost_usd)::text AS cost, count(*) FILTER (WHERE cost_usd IS NULL) AS nulls FROM usage_event`;
    expect(raw!.cost).toBe(totals.cost);
    expect(raw!.nulls).toBe(1n);

    // The daily rollups the dashboards read agree with the raw rows too, with tags counted per tag.
    const [daily] = await t.db.$queryRaw<{ requests: bigint; cost: string; unpriced: bigint }[]>`
      SELECT sum(requests) AS requests, sum(cost_usd)::text AS cost, sum(unpriced_requests) AS unpriced FROM usage_rollup_daily`;
    expect(daily).toEqual({ requests: 5n, cost: totals.cost, unpriced: 1n });
    const tagDaily = await t.db.usageRollupTagDaily.groupBy({ by: ["tag"], _sum: { requests: true, costUsd: true }, orderBy: { tag: "asc" } });
    expect(tagDaily.map((r) => [r.tag, r._sum.requests, r._sum.costUsd?.toString()])).toEqual([["feature:x", 1, "1"], ["team:a", 2, "1.5"]]);

    const hours = await t.db.usageRollupHourly.groupBy({ by: ["hour"], _sum: { requests: true }, orderBy: { hour: "asc" } });
    expect(hours.map((h) => [h.hour.toISOString(), h._sum.requests])).toEqual([
      ["2026-11-02T10:00:00.000Z", 4],
      ["2026-11-02T11:00:00.000Z", 1],
    ]);
    const unknownTier = await t.db.usageRollupHourly.findFirst({ where: { model: "mystery-model" } });
    expect(unknownTier?.tier).toBe("unknown");
    expect(unknownTier?.costUsd.toString()).toBe("0");
    expect(unknownTier?.unpricedRequests).toBe(1);

    const tags = await t.db.usageRollupTagHourly.findMany({ orderBy: [{ tag: "asc" }, { hour: "asc" }] });
    expect(tags.map((r) => [r.tag, r.hour.getUTCHours(), r.requests, r.costUsd.toString()])).toEqual([
      ["feature:x", 11, 1, "1"],
      ["team:a", 10, 1, "0.5"],
      ["team:a", 11, 1, "1"],
    ]);
  });

  it("fills every dashboard rollup with exactly the raw rows' grouping, across time zones, tags, unpriced, estimated and failed rows", async () => {
    const zones = { org_rollup_utc: "UTC", org_rollup_kolkata: "Asia/Kolkata", org_rollup_ny: "America/New_York" };
    for (const [id, timezone] of Object.entries(zones)) await t.db.org.create({ data: { id, name: id, slug: id, timezone } });
    const orgs = Object.keys(zones);
    // Deterministic variety: rows in one batch that share a rollup key, and rows that differ in one dimension only.
    const events: UsageEventInput[] = Array.from({ length: 600 }, (_, i) => usageEvent({
      orgId: orgs[i % 3]!, projectId: `p${i % 2}`, apiKeyId: i % 5 === 0 ? null : `k${i % 2}`, servedModel: `m${i % 4 === 0 ? 2 : 1}`,
      tier: i % 7 === 0 ? null : "economy", status: i % 6 === 0 ? "upstream_error" : "ok", usageSource: i % 4 === 1 ? "estimated" : "reported",
      occurredAt: new Date(Date.UTC(2026, 10, 3) + ((i * 7_919_000) % (2 * 86_400_000))).toISOString(),
      inputTokens: (i * 37) % 5000, cachedInputTokens: i % 3, outputTokens: (i * 11) % 700, reasoningTokens: i % 2,
      costUsd: i % 9 === 0 ? null : `0.${String((i * 104_729) % 1_000_000_000).padStart(9, "0")}`,
      latencyMs: (i * 13) % 2000, ttftMs: i % 2 ? null : i % 300, tags: [[], ["team:a"], ["team:a", "feature:x"], ["b", "a", "b"]][i % 4],
    }));
    for (let i = 0; i < events.length; i += 150) await recordUsageBatch(t.db, events.slice(i, i + 150));
    await recordUsageBatch(t.db, events.slice(100, 250)); // replayed: counted once

    const inOrgs = "org_id IN ('org_rollup_utc', 'org_rollup_kolkata', 'org_rollup_ny')";
    const localDay = "(e.occurred_at AT TIME ZONE coalesce(o.timezone, 'UTC'))::date";
    const rawSums = "count(*), count(*) FILTER (WHERE usage_source = 'estimated'), count(*) FILTER (WHERE cost_usd IS NULL), sum(input_tokens), sum(cached_input_tokens), sum(output_tokens)";
    const timing = "sum(reasoning_tokens), coalesce(sum(cost_usd), 0), sum(latency_ms), coalesce(sum(ttft_ms), 0), count(ttft_ms)";
    const rollupSums = "requests, estimated_requests, unpriced_requests, input_tokens, cached_input_tokens, output_tokens";
    const rollupTiming = "reasoning_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count";
    const pairs: [string, string, string][] = [
      ["hourly",
        `SELECT date_trunc('hour', occurred_at), org_id, project_id, coalesce(api_key_id, ''), served_model, coalesce(tier::text, 'unknown'), status::text, ${rawSums}, ${timing} FROM usage_event WHERE ${inOrgs} GROUP BY 1, 2, 3, 4, 5, 6, 7`,
        `SELECT hour, org_id, project_id, api_key_id, model, tier, status::text, ${rollupSums}, ${rollupTiming} FROM usage_rollup_hourly WHERE ${inOrgs}`],
      ["tag hourly",
        `SELECT date_trunc('hour', occurred_at), org_id, project_id, tag, count(*), coalesce(sum(cost_usd), 0) FROM usage_event CROSS JOIN LATERAL unnest(tags) AS tag WHERE ${inOrgs} GROUP BY 1, 2, 3, 4`,
        `SELECT hour, org_id, project_id, tag, requests, cost_usd FROM usage_rollup_tag_hourly WHERE ${inOrgs}`],
      ["daily",
        `SELECT ${localDay}, e.org_id, project_id, coalesce(api_key_id, ''), served_model, coalesce(tier::text, 'unknown'), count(*) FILTER (WHERE status <> 'ok'), ${rawSums}, ${timing} FROM usage_event e LEFT JOIN org o ON o.id = e.org_id WHERE e.${inOrgs} GROUP BY 1, 2, 3, 4, 5, 6`,
        `SELECT day, org_id, project_id, api_key_id, model, tier, error_requests, ${rollupSums}, ${rollupTiming} FROM usage_rollup_daily WHERE ${inOrgs}`],
      ["tag daily",
        `SELECT ${localDay}, e.org_id, project_id, tag, coalesce(api_key_id, ''), served_model, coalesce(tier::text, 'unknown'), ${rawSums}, coalesce(sum(cost_usd), 0) FROM usage_event e LEFT JOIN org o ON o.id = e.org_id CROSS JOIN LATERAL unnest(tags) AS tag WHERE e.${inOrgs} GROUP BY 1, 2, 3, 4, 5, 6, 7`,
        `SELECT day, org_id, project_id, tag, api_key_id, model, tier, ${rollupSums}, cost_usd FROM usage_rollup_tag_daily WHERE ${inOrgs}`],
    ];
    for (const [name, raw, rollup] of pairs) {
      const [row] = await t.db.$queryRawUnsafe<{ rows: bigint; missing: bigint; extra: bigint }[]>(
        `SELECT (SELECT count(*) FROM (${raw}) r) AS rows, (SELECT count(*) FROM ((${raw}) EXCEPT ALL (${rollup})) m) AS missing, (SELECT count(*) FROM ((${rollup}) EXCEPT ALL (${raw})) x) AS extra`,
      );
      expect({ name, ...row }).toMatchObject({ name, missing: 0n, extra: 0n });
      expect(row!.rows, name).toBeGreaterThan(20n);
    }
  });

  it("is idempotent per request id and attempt: a replayed batch changes nothing", async () => {
    const before = await rollupTotals();
    const batch = [usageEvent({ costUsd: "0.25" }), usageEvent({ costUsd: "0.75" })];
    expect(await recordUsageBatch(t.db, batch)).toEqual({ inserted: 2, duplicates: 0 });
    const after = await rollupTotals();
    expect(await recordUsageBatch(t.db, batch)).toEqual({ inserted: 0, duplicates: 2 });
    expect(await rollupTotals()).toEqual(after);
    expect(after.requests - before.requests).toBe(2n);

    // A retry of the same request is a new attempt and counts separately.
    const retry = { ...batch[0]!, attempt: 1 };
    expect(await recordUsageBatch(t.db, [retry])).toEqual({ inserted: 1, duplicates: 0 });
  });

  it("stores each row's own routing record, where a batch repeats some, mixes in others and leaves some rows without one", async () => {
    const split = (bucket: number) => ({ v: 1, policyId: "pol_1", ruleId: "split", action: "split", role: "primary", local: null, cache: null, bucket });
    const hit = { v: 1, policyId: "pol_1", ruleId: "cached", action: "route", role: "primary", local: null, cache: { status: "hit", savedCostUsd: "0.000100000" } };
    // Keys in another order are another text, and still the same record.
    const hitReordered = { cache: { savedCostUsd: "0.000100000", status: "hit" }, role: "primary", local: null, action: "route", ruleId: "cached", policyId: "pol_1", v: 1 };
    const routings = [null, split(7), hit, split(7), null, split(42), hit, hitReordered, { v: 1, note: "é, \"quoted\" and 🐈" }, split(7)];
    // A hit's row: no tokens, $0.
    const events = routings.map((routing) => usageEvent(routing === hit || routing === hitReordered
      ? { routing, costUsd: "0", inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 }
      : { routing, costUsd: "0.01" }));
    expect(await recordUsageBatch(t.db, events)).toEqual({ inserted: routings.length, duplicates: 0 });
    const stored = await t.db.usageEvent.findMany({ where: { requestId: { in: events.map((e) => e.requestId) } }, select: { requestId: true, routing: true } });
    const byId = new Map(stored.map((r) => [r.requestId, r.routing]));
    expect(events.map((e) => byId.get(e.requestId))).toEqual(routings);
    // The what-if cells count the three hits as cache hits, and nothing else.
    const [cells] = await t.db.$queryRaw<{ hits: bigint }[]>`
      SELECT coalesce(sum(requests), 0) AS hits FROM usage_rollup_traffic_hourly WHERE kind = 'cache_hit' AND org_id = 'org_1'`;
    expect(cells!.hits).toBe(3n);
  });

  it("stores text exactly as sent, whatever quotes, backslashes, commas, braces, newlines or NULL-looking words it holds", async () => {
    const odd = ['say "hi"', "back\\slash\\", "a,b", "{braces}", "NULL", "line\nbreak", " spaced ", "é 🐈", '\\"', "}", "{"];
    const events = odd.map((text, i) => usageEvent({ endUser: text, errorClass: text, tags: [text, `t${i}`], deploymentId: text, status: "upstream_error", httpStatus: 502 }));
    expect(await recordUsageBatch(t.db, events)).toEqual({ inserted: odd.length, duplicates: 0 });
    const stored = await t.db.usageEvent.findMany({ where: { requestId: { in: events.map((e) => e.requestId) } }, select: { requestId: true, endUser: true, errorClass: true, tags: true, deploymentId: true } });
    const byId = new Map(stored.map((r) => [r.requestId, r]));
    expect(events.map((e) => byId.get(e.requestId))).toEqual(events.map((e, i) => ({ requestId: e.requestId, endUser: odd[i], errorClass: odd[i], tags: [odd[i], `t${i}`], deploymentId: odd[i] })));
    // Each tag reaches the tag rollups as itself.
    const tagged = await t.db.usageRollupTagHourly.findMany({ where: { tag: { in: odd } }, select: { tag: true } });
    expect(tagged.map((r) => r.tag).sort()).toEqual([...odd].sort());
  });

  it("rejects a malformed event before writing anything", async () => {
    const before = await rollupTotals();
    await expect(recordUsageBatch(t.db, [usageEvent(), usageEvent({ costUsd: "1e-3" })])).rejects.toThrow(/decimal string/);
    expect(await rollupTotals()).toEqual(before);
  });
});
