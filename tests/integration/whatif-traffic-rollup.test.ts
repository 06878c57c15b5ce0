// The what-if traffic rollup: the cells a scenario reads from
// usage_rollup_traffic_hourly (and raw rows for partial hours) equal the
// cells computed in JavaScript from the very events that were ingested,
// one row at a time, for aligned ranges, ranges with partial first and last
// hours, and a range inside one hour; and the migration's backfill builds
// the same table the ingest statement does. The same for the daily rollup
// without keys, and the loader reads it only for rules that name no key.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { nanoToUsd } from "../../lib/money/nano-usd";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import type { UsageEventInput } from "../../lib/usage/usage-event-schema";
import { dailyRollupFor, loadTrafficProfile } from "../../lib/whatif/io/load-traffic-profile";
import { trafficCellsFromRows, type TrafficRow } from "../../lib/whatif/io/traffic-cells-from-rows";
import { FOLDED, projectedBand, projectionFor, type TrafficProjection } from "../../lib/whatif/fold-dimensions";
import { inputBandFor } from "../../lib/whatif/traffic-profile";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { usageEvent } from "../support/usage-fixtures";

const ORG = "org_1";
let t: TestDatabase;
const events: UsageEventInput[] = [];

// Deterministic variety over 2026-11-02 09:00 to 13:00 UTC: every dimension a cell has.
function makeEvents(): UsageEventInput[] {
  const out: UsageEventInput[] = [];
  const tagSets = [[], ["b", "a"], ["a", "b", "a"], ["team:x"], ["Z", "a"]];
  const inputs = [0, 100, 511, 512, 2047, 2048, 9000, 40_000];
  for (let i = 0; i < 240; i++) {
    const minute = (i * 7) % 240;
    const occurredAt = new Date(Date.UTC(2026, 10, 2, 9, minute, (i * 13) % 60, i % 1000)).toISOString();
    const input = inputs[i % inputs.length]!;
    const kind = i % 23 === 0 ? "cache" : i % 19 === 0 ? "failed" : "ok";
    out.push(usageEvent({
      occurredAt,
      projectId: i % 3 === 0 ? "proj_1" : "proj_2",
      apiKeyId: i % 5 === 0 ? null : `key_${Math.floor(i / 7) % 2}`,
      endpoint: i % 4 === 0 ? "/v1/responses" : "/v1/chat/completions",
      requestedModel: i % 6 === 0 ? "auto" : "gpt-5",
      servedModel: i % 2 === 0 ? "gpt-5" : "gpt-5-mini",
      tier: i % 11 === 0 ? null : i % 2 === 0 ? "mid" : "economy",
      tags: tagSets[i % tagSets.length]!,
      inputTokens: kind === "ok" ? input : 0,
      cachedInputTokens: kind === "ok" ? Math.floor(input / 4) : 0,
      cacheWriteTokens: kind === "ok" && i % 9 === 0 ? Math.floor(input / 8) : 0,
      outputTokens: kind === "ok" ? 10 + (i % 50) : 0,
      reasoningTokens: kind === "ok" ? i % 5 : 0,
      costUsd: kind !== "ok" ? "0" : i % 17 === 0 ? null : `0.${String(1000 + i).padStart(9, "0")}`,
      latencyMs: 100 + i,
      ttftMs: i % 3 === 0 ? null : 20 + i,
      status: kind === "failed" ? "upstream_error" : "ok",
      httpStatus: kind === "failed" ? 502 : 200,
      routing: kind === "cache" ? { v: 1, cache: { status: "hit" } } : null,
    } as Partial<UsageEventInput>));
  }
  return out;
}

/** The oracle: each event as a one-request row, grouped by trafficCellsFromRows. */
// Keeps every value the fixture has: the cells as they are.
const WHOLE: TrafficProjection = { apiKeyIds: ["key_0", "key_1"], requestedModels: ["auto", "gpt-5"], endpoints: "kept", tags: ["Z", "a", "b", "team:x"], bandEdges: [512, 2048, 8192, 32_768] };

function expectedCells(from: Date, to: Date, projectIds: string[] | null = null, p: TrafficProjection = WHOLE) {
  const rows: TrafficRow[] = events
    .filter((e) => new Date(e.occurredAt) >= from && new Date(e.occurredAt) < to && (projectIds === null || projectIds.includes(e.projectId)))
    .map((e) => {
      const at = new Date(e.occurredAt).getTime();
      const input = e.inputTokens ?? 0, output = e.outputTokens ?? 0;
      const cost = e.costUsd ?? null;
      const cacheHit = (e as { routing?: { cache?: { status?: string } } }).routing?.cache?.status === "hit";
      const kind = input > 0 || output > 0 || (cost !== null && Number(cost) !== 0) ? "traffic" : cacheHit ? "cache_hit" : e.status !== "ok" ? "no_usage" : "traffic";
      return {
        hour: new Date(at - (at % 3_600_000)), projectId: e.projectId, apiKeyId: e.apiKeyId ?? null, requestedModel: e.requestedModel, servedModel: e.servedModel!,
        tier: e.tier ?? null, endpoint: e.endpoint, inputBand: inputBandFor(input), tags: [...(e.tags ?? [])], priced: cost !== null, kind,
        requests: 1, inputTokens: input, cachedInputTokens: e.cachedInputTokens ?? 0, cacheWriteTokens: e.cacheWriteTokens ?? 0, outputTokens: output,
        reasoningTokens: e.reasoningTokens ?? 0, costUsd: cost ?? "0", latencyMsSum: e.latencyMs ?? 0, ttftMsSum: e.ttftMs ?? 0, ttftCount: e.ttftMs == null ? 0 : 1,
      };
    })
    .map((r) => ({
      ...r,
      apiKeyId: r.apiKeyId !== null && p.apiKeyIds.includes(r.apiKeyId) ? r.apiKeyId : null,
      requestedModel: p.requestedModels.includes(r.requestedModel) ? r.requestedModel : FOLDED,
      endpoint: p.endpoints === "kept" ? r.endpoint : FOLDED,
      inputBand: projectedBand(r.inputBand, p.bandEdges),
      tags: r.tags.filter((tag) => p.tags.includes(tag)),
    }));
  return trafficCellsFromRows(rows);
}

const BERLIN = "org_berlin";
const SPREAD = "org_spread";
beforeAll(async () => {
  t = await createTestDatabase(inject("databaseServerUrl"));
  events.push(...makeEvents());
  // In several batches, so rollup rows are added to, not only inserted.
  for (let i = 0; i < events.length; i += 50) await recordUsageBatch(t.db, events.slice(i, i + 50));
  // The same traffic for an org in Berlin, whose daily rollup is by Berlin days.
  await t.db.org.create({ data: { id: BERLIN, name: "Berlin", slug: "berlin", timezone: "Europe/Berlin" } });
  const berlinEvents = events.map((e) => ({ ...e, orgId: BERLIN, requestId: `${e.requestId}-berlin` }));
  for (let i = 0; i < berlinEvents.length; i += 80) await recordUsageBatch(t.db, berlinEvents.slice(i, i + 80));
  // The same traffic on each of 17 days, for reads of whole days a week at a time.
  await t.db.org.create({ data: { id: SPREAD, name: "Spread", slug: "spread", timezone: "UTC" } });
  const spread = Array.from({ length: 17 }, (_, d) => events.map((e) => ({ ...e, orgId: SPREAD, requestId: `${e.requestId}-d${d}`, occurredAt: new Date(Date.parse(e.occurredAt) + d * 86_400_000).toISOString() }))).flat();
  for (let i = 0; i < spread.length; i += 500) await recordUsageBatch(t.db, spread.slice(i, i + 500));
});
afterAll(() => t.drop());

const at = (h: number, m = 0, s = 0) => new Date(Date.UTC(2026, 10, 2, h, m, s));
const RANGES: [string, Date, Date][] = [
  ["whole hours (rollup only)", at(9), at(13)],
  ["partial first and last hours", at(9, 17, 30), at(12, 41)],
  ["inside one hour", at(10, 5), at(10, 50)],
  ["across one hour boundary without a whole hour", at(10, 30), at(11, 30)],
];

describe("the what-if traffic rollup", () => {
  it.each(RANGES)("gives the cells of the raw events, one by one: %s", async (_name, from, to) => {
    const loaded = await loadTrafficProfile(t.db, { orgId: ORG, projectIds: null, from, to }, WHOLE);
    const expected = expectedCells(from, to);
    expect(expected.cells.length).toBeGreaterThan(5);
    expect(loaded.profile.cells).toEqual(expected.cells);
    expect(loaded.notRerouted).toEqual(expected.notRerouted);
    expect(loaded.notRerouted.cacheHits + loaded.notRerouted.failedWithoutUsage).toBeGreaterThan(0);
  });

  it.each([
    ["no rule reads a key, model, endpoint, band or tag", [{ tiers: ["mid" as const] }]],
    ["a tag, an input bound, one key and one model", [{ tags: ["a"], minInputTokens: 2048 }, { apiKeyIds: ["key_1"], requestedModels: ["auto"] }]],
    ["endpoints and an upper bound", [{ endpoints: ["responses" as const], maxInputTokens: 8192 }]],
  ])("projects the cells onto what the rules name, in the rollup and the raw edges alike: %s", async (_name, matches) => {
      const projection = projectionFor(matches);
      const from = at(9, 17, 30), to = at(12, 41);
      const loaded = await loadTrafficProfile(t.db, { orgId: ORG, projectIds: null, from, to }, projection);
      const expected = expectedCells(from, to, null, projection);
      expect(loaded.profile.cells).toEqual(expected.cells);
      expect(loaded.profile.projection).toEqual(projection);
      expect(loaded.profile.cells.length).toBeLessThan(expectedCells(from, to).cells.length);
      const requests = (cells: readonly { requests: number }[]) => cells.reduce((n, c) => n + c.requests, 0);
      expect(requests(loaded.profile.cells)).toBe(requests(expectedCells(from, to).cells));
    },
  );

  describe("by org-local day", () => {
    // 2026-11-02 in Berlin (UTC+1) is [11-01T23:00Z, 11-02T23:00Z): every event falls in it.
    const from = new Date("2026-11-01T20:00:00Z"), to = new Date("2026-11-03T03:30:00Z");
    const berlinMidnight = new Date("2026-11-01T23:00:00Z");

    it("reads a whole local day as one cell per group, starting at local midnight, with the same sums", async () => {
      const loaded = await loadTrafficProfile(t.db, { orgId: BERLIN, projectIds: null, from, to }, WHOLE, { timeZone: "Europe/Berlin", priceChanges: [] });
      const hourly = expectedCells(from, to);
      const expected = trafficCellsFromRows(hourly.cells.map((c) => ({ ...c, tags: [...c.tags], hour: berlinMidnight, kind: "traffic", costUsd: nanoToUsd(c.costNano) }))).cells;
      expect(loaded.profile.dailyCells).toBe(true);
      expect(loaded.profile.cells).toEqual(expected);
      expect(loaded.profile.cells.length).toBeLessThan(hourly.cells.length);
      expect(loaded.notRerouted).toEqual(hourly.notRerouted);
    });

    it("reads many whole days in pieces of a week, two at a time, in time order and with the same sums as by hour", async () => {
      const spanFrom = new Date("2026-11-01T18:30:00Z"), spanTo = new Date("2026-11-19T06:15:00Z");
      const byDay = await loadTrafficProfile(t.db, { orgId: SPREAD, projectIds: null, from: spanFrom, to: spanTo }, WHOLE, { timeZone: "UTC", priceChanges: [] });
      const byHour = await loadTrafficProfile(t.db, { orgId: SPREAD, projectIds: null, from: spanFrom, to: spanTo }, WHOLE);
      expect(byDay.profile.dailyCells).toBe(true);
      const hours = byDay.profile.cells.map((c) => c.hour.getTime());
      expect(hours).toEqual([...hours].sort((a, b) => a - b));
      expect(new Set(hours.map((h) => new Date(h).toISOString().slice(0, 10))).size).toBe(17);
      const totals = (cells: readonly { requests: number; costNano: bigint }[]) => cells.reduce((a, c) => ({ requests: a.requests + c.requests, costNano: a.costNano + c.costNano }), { requests: 0, costNano: 0n });
      expect(totals(byDay.profile.cells)).toEqual(totals(byHour.profile.cells));
      expect(totals(byDay.profile.cells).requests).toBeGreaterThan(17 * 10);
      expect(byDay.notRerouted).toEqual(byHour.notRerouted);
    });

    it("reads a day with a price change inside it by hour", async () => {
      const loaded = await loadTrafficProfile(t.db, { orgId: BERLIN, projectIds: null, from, to }, WHOLE, { timeZone: "Europe/Berlin", priceChanges: [new Date("2026-11-02T12:00:00Z")] });
      expect(loaded.profile.dailyCells).toBe(false);
      expect(loaded.profile.cells).toEqual(expectedCells(from, to).cells);
    });

    // Rules with a tag, an input bound, a requested model and endpoints, but no key.
    const NO_KEY = projectionFor([{ tags: ["a"], minInputTokens: 2048 }, { requestedModels: ["auto"], endpoints: ["responses" as const] }]);
    const dailyOf = (hourly: ReturnType<typeof expectedCells>, midnight: Date) =>
      trafficCellsFromRows(hourly.cells.map((c) => ({ ...c, tags: [...c.tags], hour: midnight, kind: "traffic", costUsd: nanoToUsd(c.costNano) }))).cells;

    it("reads whole days from the rollup without keys when no rule names a key, with the cells of the raw events", async () => {
      expect(dailyRollupFor(NO_KEY)).toBe("usage_rollup_traffic_daily_no_key");
      expect(dailyRollupFor(projectionFor([{ apiKeyIds: ["key_1"] }]))).toBe("usage_rollup_traffic_daily");
      const loaded = await loadTrafficProfile(t.db, { orgId: BERLIN, projectIds: null, from, to }, NO_KEY, { timeZone: "Europe/Berlin", priceChanges: [] });
      const hourly = expectedCells(from, to, null, NO_KEY);
      expect(loaded.profile.dailyCells).toBe(true);
      expect(loaded.profile.cells).toEqual(dailyOf(hourly, berlinMidnight));
      expect(loaded.profile.cells.every((c) => c.apiKeyId === null)).toBe(true);
      expect(loaded.notRerouted).toEqual(hourly.notRerouted);
      // Project scope too.
      const scoped = await loadTrafficProfile(t.db, { orgId: BERLIN, projectIds: ["proj_2"], from, to }, NO_KEY, { timeZone: "Europe/Berlin", priceChanges: [] });
      expect(scoped.profile.cells).toEqual(dailyOf(expectedCells(from, to, ["proj_2"], NO_KEY), berlinMidnight));
    });

    it("holds the keyed daily rollup's sums with the key summed away, for every org and day", async () => {
      const columns = "org_id, day, project_id, requested_model, served_model, tier, endpoint, input_band, tag_set, priced, kind";
      const sums = "sum(requests)::bigint AS requests, sum(input_tokens)::bigint AS i, sum(cached_input_tokens)::bigint AS ci, sum(cache_write_tokens)::bigint AS cw, sum(output_tokens)::bigint AS o, sum(reasoning_tokens)::bigint AS r, sum(cost_usd) AS c, sum(latency_ms_sum)::bigint AS l, sum(ttft_ms_sum)::bigint AS t, sum(ttft_count)::bigint AS tc";
      const read = (table: string) => t.db.$queryRawUnsafe<unknown[]>(`SELECT ${columns}, ${sums} FROM ${table} GROUP BY ${columns} ORDER BY ${columns}`);
      const narrow = await read("usage_rollup_traffic_daily_no_key");
      expect(narrow.length).toBeGreaterThan(100);
      expect(narrow).toEqual(await read("usage_rollup_traffic_daily"));
    });

    it("reads the keyed daily rollup when a rule names a key, and the one without keys only otherwise", async () => {
      // Make the two tables disagree for the Berlin day, then read both ways.
      const bump = (n: number) => t.db.$executeRaw`UPDATE usage_rollup_traffic_daily_no_key SET requests = requests + ${n} WHERE org_id = ${BERLIN}`;
      const rows = await bump(1000);
      const keyed = projectionFor([{ apiKeyIds: ["key_1"], tags: ["a"] }]);
      try {
        // Every request the profile accounts for: its cells' and the ones kept out of them.
        const requests = ({ profile, notRerouted }: Awaited<ReturnType<typeof loadTrafficProfile>>) =>
          profile.cells.reduce((n, c) => n + c.requests, 0) + notRerouted.cacheHits + notRerouted.failedWithoutUsage;
        const byDay = { timeZone: "Europe/Berlin", priceChanges: [] };
        const withKey = await loadTrafficProfile(t.db, { orgId: BERLIN, projectIds: null, from, to }, keyed, byDay);
        expect(withKey.profile.cells).toEqual(dailyOf(expectedCells(from, to, null, keyed), berlinMidnight));
        const withoutKey = await loadTrafficProfile(t.db, { orgId: BERLIN, projectIds: null, from, to }, NO_KEY, byDay);
        expect(rows).toBeGreaterThan(10);
        expect(requests(withoutKey)).toBe(requests(withKey) + 1000 * rows);
      } finally {
        await bump(-1000);
      }
    });

    it("is rebuilt identically by the daily migration's backfill for a whole-hour zone", async () => {
      const read = () => t.db.$queryRaw<unknown[]>`SELECT * FROM usage_rollup_traffic_daily ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`;
      const before = await read();
      const migration = await readFile(path.resolve(import.meta.dirname, "../../prisma/migrations/20261202080000_whatif_traffic_daily_rollup/migration.sql"), "utf8");
      await t.db.$executeRawUnsafe("TRUNCATE usage_rollup_traffic_daily");
      await t.db.$executeRawUnsafe(migration.slice(migration.indexOf("INSERT INTO")));
      expect(before.length).toBeGreaterThan(20);
      expect(await read()).toEqual(before);
    });
  });

  it("is rebuilt identically without keys by its migration's backfill from the keyed daily rollup", async () => {
    const read = () => t.db.$queryRaw<unknown[]>`SELECT * FROM usage_rollup_traffic_daily_no_key ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`;
    const before = await read();
    const migration = await readFile(path.resolve(import.meta.dirname, "../../prisma/migrations/20261202200000_whatif_traffic_daily_no_key_rollup/migration.sql"), "utf8");
    await t.db.$executeRawUnsafe("TRUNCATE usage_rollup_traffic_daily_no_key");
    await t.db.$executeRawUnsafe(migration.slice(migration.indexOf("INSERT INTO")));
    expect(before.length).toBeGreaterThan(100);
    expect(await read()).toEqual(before);
  });

  it("scopes to projects in both parts", async () => {
    const loaded = await loadTrafficProfile(t.db, { orgId: ORG, projectIds: ["proj_1"], from: at(9, 17), to: at(12, 41) }, WHOLE);
    expect(loaded.profile.cells).toEqual(expectedCells(at(9, 17), at(12, 41), ["proj_1"]).cells);
    expect(new Set(loaded.profile.cells.map((c) => c.projectId))).toEqual(new Set(["proj_1"]));
  });

  it("is rebuilt identically by the migration's backfill from the raw rows", async () => {
    const before = await t.db.$queryRaw<unknown[]>`SELECT * FROM usage_rollup_traffic_hourly ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`;
    const migration = await readFile(path.resolve(import.meta.dirname, "../../prisma/migrations/20261202073000_whatif_traffic_rollup/migration.sql"), "utf8");
    const backfill = migration.slice(migration.indexOf("INSERT INTO"));
    await t.db.$executeRawUnsafe("TRUNCATE usage_rollup_traffic_hourly");
    await t.db.$executeRawUnsafe(backfill);
    const after = await t.db.$queryRaw<unknown[]>`SELECT * FROM usage_rollup_traffic_hourly ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12`;
    expect(before.length).toBeGreaterThan(20);
    expect(after).toEqual(before);
  });

  it("does not count a replayed batch twice", async () => {
    const total = async () => (await t.db.$queryRaw<{ n: bigint }[]>`SELECT sum(requests) AS n FROM usage_rollup_traffic_hourly WHERE org_id = ${ORG}`)[0]!.n;
    const before = await total();
    expect(await recordUsageBatch(t.db, events.slice(0, 50))).toEqual({ inserted: 0, duplicates: 50 });
    const after = await total();
    expect(after).toBe(before);
    expect(Number(after)).toBe(events.length);
  });
});
