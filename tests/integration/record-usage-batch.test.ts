import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
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

  it("rejects a malformed event before writing anything", async () => {
    const before = await rollupTotals();
    await expect(recordUsageBatch(t.db, [usageEvent(), usageEvent({ costUsd: "1e-3" })])).rejects.toThrow(/decimal string/);
    expect(await rollupTotals()).toEqual(before);
  });
});
