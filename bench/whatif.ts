// npm run bench:whatif: a three-rule what-if scenario over 30 and 90 days of
// the large data set (npm run seed:large; seeded here first if missing),
// timed as the whatif-run job computes it: inputs, the catalog check, the
// traffic profile (the hourly traffic rollup), the simulation and its
// stored details; everything but the final UPDATE. Targets: p95 <= 2 s
// (30 days) and <= 5 s (90 days), the worker process under 300 MB while it
// runs the jobs (measured on the real worker, support/worker-memory.ts).
// Baseline in the same run: the raw rows of the range replayed one by one
// in process (a server-side cursor, every row matched against the rules and
// the moved ones re-priced): cost only, less work than the simulation, so
// the ratio understates the gain.
import pg from "pg";
import { createDbClient } from "../lib/db/create-db-client";
import { LARGE_ORG_SLUG } from "../lib/demo/seed-large-usage";
import { usdToNano } from "../lib/money/nano-usd";
import { loadWhatIfInputs, type WhatIfInputs } from "../lib/whatif/io/load-whatif-inputs";
import { computeScenario } from "../lib/whatif/io/run-whatif-scenario";
import { endpointOfPath, tagSet } from "../lib/whatif/io/traffic-cells-from-rows";
import { cellMatches, compileMatch } from "../lib/whatif/match-scenario-rules";
import { repriceTokens } from "../lib/whatif/reprice-tokens";
import { scenarioSchema, type Scenario } from "../lib/whatif/scenario-schema";
import { inputBandFor, type TrafficCell } from "../lib/whatif/traffic-profile";
import { openLargeDatabase, seedLarge } from "./support/large-data";
import { describeMachine, median } from "./support/machine";
import { reportBenchmark } from "./support/record-result";
import { measureWorkerMemory } from "./support/worker-memory";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);
const WORKER_RUNS = Number(process.env.BENCH_WORKER_RUNS ?? 3);
const DAY_MS = 86_400_000;
const TARGET_P95_MS = { 30: 2000, 90: 5000 } as const;
const RSS_TARGET_MB = 300;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (ms: number) => Math.round(ms);

function scenarioFor(days: 30 | 90, end: Date): Scenario {
  return scenarioSchema.parse({
    name: `bench ${days} days`,
    range: { from: new Date(end.getTime() - days * DAY_MS).toISOString(), to: end.toISOString() },
    rules: [
      { name: "premium to mini", match: { tiers: ["premium"] }, sharePercent: 60, target: { model: "gpt-5-mini" } },
      { name: "batch to nano", match: { tags: ["batch"] }, sharePercent: 100, target: { model: "gpt-5-nano" } },
      { name: "long mid prompts to flash", match: { tiers: ["mid"], minInputTokens: 2048 }, sharePercent: 50, target: { model: "gemini-3-flash" } },
    ],
  });
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 10);

/** What runWhatIfScenario computes, without writing the result (computeScenario), with its phases timed. */
async function runOnce(db: ReturnType<typeof createDbClient>, databaseUrl: string, org: { id: string; timezone: string }, scenario: Scenario) {
  const t0 = performance.now();
  const marks: number[] = [];
  const { sim, details, cells } = await computeScenario({ db, databaseUrl }, { orgId: org.id, projectIds: null, timeZone: org.timezone }, scenario, async () => {
    marks.push(performance.now());
  });
  const t3 = performance.now();
  const [inputsAt, trafficAt] = marks as [number, number];
  return {
    totalMs: t3 - t0, inputsMs: inputsAt - t0, trafficMs: trafficAt - inputsAt, simulateMs: t3 - trafficAt, cells,
    baselineNano: sim.cost.totals.baselineNano, simulatedNano: sim.cost.totals.simulatedNano, detailsBytes: JSON.stringify(details).length,
  };
}

/** The baseline: every raw row of the range, one by one, matched and re-priced. */
async function replayRawRows(url: string, orgId: string, scenario: Scenario, inputs: WhatIfInputs) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ctx = { catalog: inputs.catalog, adjustments: scenario.adjustments, ratios: inputs.ratios };
  const matches = scenario.rules.map((r) => compileMatch(r.match));
  const t0 = performance.now();
  let rows = 0, baselineNano = 0n, simulatedNano = 0n;
  try {
    await client.query("BEGIN");
    await client.query(
      `DECLARE raw NO SCROLL CURSOR FOR SELECT occurred_at, project_id, api_key_id, requested_model, served_model, tier::text AS tier, endpoint, tags,
         input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, cost_usd::text AS cost
       FROM usage_event WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
      [orgId, scenario.range.from, scenario.range.to],
    );
    for (;;) {
      const batch = await client.query("FETCH 20000 FROM raw");
      if (batch.rows.length === 0) break;
      for (const r of batch.rows) {
        rows++;
        const at = (r.occurred_at as Date).getTime();
        const cell: TrafficCell = {
          hour: new Date(at - (at % 3_600_000)), projectId: r.project_id, apiKeyId: r.api_key_id, requestedModel: r.requested_model, servedModel: r.served_model,
          tier: r.tier, endpoint: endpointOfPath(r.endpoint), inputBand: inputBandFor(r.input_tokens), tags: tagSet(r.tags), priced: r.cost !== null,
          requests: 1, inputTokens: r.input_tokens, cachedInputTokens: r.cached_input_tokens, cacheWriteTokens: r.cache_write_tokens, outputTokens: r.output_tokens,
          reasoningTokens: r.reasoning_tokens, costNano: r.cost === null ? 0n : usdToNano(r.cost), latencyMsSum: 0, ttftMsSum: 0, ttftCount: 0,
        };
        baselineNano += cell.costNano;
        const rule = matches.findIndex((m) => cellMatches(m, cell));
        // A whole row moves or stays: every share-th row of a rule (deterministic, as the share split is).
        const moved = cell.priced && rule >= 0 && (rows * 7919) % 100 < scenario.rules[rule]!.sharePercent;
        const target = rule >= 0 ? (scenario.rules[rule]!.target as { model: string }).model : null;
        simulatedNano += moved && target ? repriceTokens(cell, cell.servedModel, target, cell.hour, ctx).point : cell.costNano;
      }
    }
    await client.query("CLOSE raw");
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
  return { ms: performance.now() - t0, rows, baselineNano, simulatedNano };
}

async function main() {
  console.log(`bench:whatif on ${describeMachine()}`);
  const database = await openLargeDatabase();
  try {
    const migrateStart = performance.now();
    const seeded = await seedLarge(database.url);
    console.log(seeded.created ? `seeded ${seeded.inserted} events in ${seeded.seconds} s` : `large data set present (migrations and checks took ${round(performance.now() - migrateStart)} ms)`);
    const db = createDbClient(database.url, { poolSize: 2 });
    try {
      const org = await db.org.findUniqueOrThrow({ where: { slug: LARGE_ORG_SLUG }, select: { id: true, timezone: true } });
      const [counts] = await db.$queryRaw<{ events: bigint; traffic: bigint; last: Date }[]>`
        SELECT (SELECT count(*) FROM usage_event WHERE org_id = ${org.id}) AS events,
          (SELECT count(*) FROM usage_rollup_traffic_hourly WHERE org_id = ${org.id}) AS traffic, (SELECT max(occurred_at) FROM usage_event) AS last`;
      // The range ends on the hour after the last event, so the whole range is whole hours (the common case: a scenario over days).
      const end = new Date(Math.ceil(counts!.last.getTime() / 3_600_000) * 3_600_000);
      console.log(`${counts!.events} events, ${counts!.traffic} traffic rollup rows`);

      const results = [];
      for (const days of [30, 90] as const) {
        const scenario = scenarioFor(days, end);
        await runOnce(db, database.url, org, scenario); // warm-up
        const runs = [];
        for (let i = 0; i < SAMPLES; i++) runs.push(await runOnce(db, database.url, org, scenario));
        const totals = runs.map((r) => r.totalMs);
        results.push({
          days, cells: runs[0]!.cells, p50: round(median(totals)), p95: round(percentile(totals, 95)),
          inputsMs: round(median(runs.map((r) => r.inputsMs))), trafficMs: round(median(runs.map((r) => r.trafficMs))), simulateMs: round(median(runs.map((r) => r.simulateMs))),
          detailsKb: Math.round(runs[0]!.detailsBytes / 1024), baselineNano: runs[0]!.baselineNano, simulatedNano: runs[0]!.simulatedNano, target: TARGET_P95_MS[days],
        });
        console.log(`${days} days: p50 ${results.at(-1)!.p50} ms, p95 ${results.at(-1)!.p95} ms`);
      }
      const tollgatePeakRssMb = Math.round(peakRss / 1048576);

      // The target is the worker's memory: the real worker process running the jobs.
      const workerMemory = await measureWorkerMemory(db, database.url, org.id, ([30, 90] as const).map((days) => ({ days, scenario: scenarioFor(days, end) })), WORKER_RUNS);
      const baselineByDays = new Map(results.map((r) => [r.days as number, r.baselineNano]));
      const workerAgrees = workerMemory.runPeaksMb.every((r) => usdToNano(r.baselineCostUsd) === baselineByDays.get(r.days));
      const workerPeakMb = Math.max(...workerMemory.runPeaksMb.map((r) => r.peakMb));
      console.log(`worker: idle ${workerMemory.idleMb} MB, peaks during jobs ${workerMemory.runPeaksMb.map((r) => `${r.days}d ${r.peakMb} MB`).join(", ")}, VmHWM ${workerMemory.hwmMb} MB`);

      const inputs = await loadWhatIfInputs(db, org.id);
      const replays: ({ days: number } & Awaited<ReturnType<typeof replayRawRows>>)[] = [];
      for (const days of [30, 90] as const) {
        const replay = await replayRawRows(database.url, org.id, scenarioFor(days, end), inputs);
        replays.push({ days, ...replay });
        console.log(`${days} days raw replay: ${round(replay.ms)} ms over ${replay.rows} rows`);
      }

      const rows = results.map((r) => {
        const replay = replays.find((x) => x.days === r.days)!;
        return {
          ...r, baselineNano: r.baselineNano.toString(), simulatedNano: r.simulatedNano.toString(),
          rawReplayMs: round(replay.ms), rawRows: replay.rows, rawBaselineNano: replay.baselineNano.toString(),
          speedup: Math.round((replay.ms / r.p50) * 10) / 10, meetsP95: r.p95 <= r.target, meetsSpeedup: replay.ms / r.p50 >= 20,
          ledgerAgrees: replay.baselineNano === r.baselineNano,
        };
      });
      const machine = describeMachine();
      const date = new Date().toISOString();
      const lines = [
        `Run ${date} on ${machine}.`,
        `Data: ${counts!.events.toLocaleString("en-US")} usage events (seed:large), ${counts!.traffic.toLocaleString("en-US")} traffic rollup rows. Scenario: three rules (premium tier 60% to gpt-5-mini; tag batch 100% to gpt-5-nano; mid tier from 2k input 50% to gemini-3-flash), default adjustments, ending on the hour after the last event. ${SAMPLES} timed runs after one warm-up.`,
        "Tollgate = what the whatif-run job computes (inputs, catalog check, traffic profile from the rollup, simulation, details) without the final UPDATE. Baseline = the range's raw rows replayed one by one in this process through a cursor (match and re-price only).",
        "",
        "| range | cells | p50 ms | p95 ms | target p95 | inputs / traffic / simulate ms (median) | raw replay ms (rows) | speedup at p50 | baseline equals ledger |",
        "|---|---:|---:|---:|---:|---|---:|---:|---|",
        ...rows.map((r) => `| ${r.days} days | ${r.cells.toLocaleString("en-US")} | ${r.p50} | ${r.p95} | ${r.target} | ${r.inputsMs} / ${r.trafficMs} / ${r.simulateMs} | ${r.rawReplayMs.toLocaleString("en-US")} (${r.rawRows.toLocaleString("en-US")}) | ${r.speedup}x | ${r.ledgerAgrees ? "yes" : "NO"} |`),
        "",
        `Peak RSS of this bench process during the Tollgate runs: ${tollgatePeakRssMb} MB.`,
        `Worker process (.data/build/worker.mjs as npm run up runs it, every processor loaded) running the scenario as whatif-run jobs, ${WORKER_RUNS} per range: ${workerMemory.idleMb} MB resident at rest; highest resident size sampled during a job ${workerPeakMb} MB (target < ${RSS_TARGET_MB} MB; per run: ${workerMemory.runPeaksMb.map((r) => `${r.days} days ${r.peakMb} MB in ${r.ms} ms`).join(", ")}); VmHWM at the end ${workerMemory.hwmMb} MB. The jobs' stored baseline equals this run's: ${workerAgrees ? "yes" : "NO"}.`,
      ];
      await reportBenchmark(`bench:whatif, ${date.slice(0, 10)}`, lines, { bench: "whatif", date, machine, events: Number(counts!.events), trafficRollupRows: Number(counts!.traffic), samples: SAMPLES, rows, tollgatePeakRssMb, worker: { ...workerMemory, peakMb: workerPeakMb, baselineAgrees: workerAgrees, meetsRss: workerPeakMb < RSS_TARGET_MB }, rssTargetMb: RSS_TARGET_MB });
    } finally {
      await db.$disconnect();
    }
  } finally {
    clearInterval(sampler);
    await database.stop();
  }
}

await main();
