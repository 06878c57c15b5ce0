// npm run bench:proxy: the same request mix (half non-streaming, half
// streaming chat completions) and connection counts, in one run on loopback,
// against: the fake upstream directly; a bare node:http forwarding proxy (the
// floor: no auth, no metering); Tollgate with auth and metering on (usage
// events to Redis, drained by a worker into Postgres); Portkey's open-source
// gateway. Each runs in its own process. Reports medians of repeated runs.
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { createDbClient } from "../lib/db/create-db-client";
import { migrateDatabase } from "../lib/db/migrate-database";
import { createApiKey } from "../lib/keys/create-api-key";
import { createRedis } from "../lib/redis/create-redis";
import { createProxyOrg } from "../tests/support/create-proxy-org";
import { freePort, startPostgres, startRedis } from "../tests/support/local-services";
import { adminQuery, withDatabase } from "../tests/support/test-database";
import { describeMachine, median } from "./support/machine";
import { reportBenchmark } from "./support/record-result";
import { startProcess } from "./support/start-process";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const FIXED_RATE = 1000;

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

const body = (stream: boolean) => JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "Summarise the quarterly spend report in one line." }], stream });

type Mix = "mixed" | "json";
const MIXES: Record<Mix, { body: string }[]> = {
  mixed: [{ body: body(false) }, { body: body(true) }],
  json: [{ body: body(false) }],
};

async function load(target: Target, mix: Mix, rate?: number): Promise<Sample> {
  const result = await autocannon({
    url: target.url,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...(rate ? { overallRate: rate } : {}),
    headers: { "content-type": "application/json", ...target.headers },
    requests: MIXES[mix],
  });
  // Throughput counts successful answers only: fast failures must not look like speed.
  return { rps: result["2xx"] / DURATION_S, p50: result.latency.p50, p99: result.latency.p99, ok: result["2xx"], failed: result.non2xx + result.errors + result.timeouts };
}

async function main() {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    console.log(`bench:proxy on ${describeMachine()}`);
    const pg = await startPostgres();
    cleanups.push(pg.stop);
    const redis = await startRedis();
    cleanups.push(redis.stop);
    await adminQuery(pg.url, "CREATE DATABASE bench");
    const databaseUrl = withDatabase(pg.url, "bench");
    await migrateDatabase(databaseUrl);
    const encryptionKey = randomBytes(32);

    const [upstreamPort, barePort, tollgatePort, portkeyPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const upstreamUrl = `http://127.0.0.1:${upstreamPort}/v1`;
    const db = createDbClient(databaseUrl, { poolSize: 2 });
    const org = await createProxyOrg(db, upstreamUrl, encryptionKey);
    const limited = await addLimits(db, org);

    const tsx = ["--import", "tsx"];
    const started = await Promise.all([
      startProcess("fake upstream", [...tsx, "bench/support/fake-upstream-server.ts"], { PORT: String(upstreamPort) }, /ready/),
      startProcess("bare proxy", [...tsx, "bench/support/bare-proxy.ts"], { PORT: String(barePort), UPSTREAM_URL: upstreamUrl }, /ready/),
      // BENCH_TOLLGATE_NODE_ARGS: extra node flags for the Tollgate process (e.g. GC experiments).
      startProcess("tollgate web", [...(process.env.BENCH_TOLLGATE_NODE_ARGS?.split(" ").filter(Boolean) ?? []), ...tsx, "scripts/start-web.ts"], {
        PORT: String(tollgatePort), TOLLGATE_HOST: "127.0.0.1", TOLLGATE_SERVE_UI: "false", DATABASE_URL: databaseUrl, REDIS_URL: redis.url,
        NEXTAUTH_SECRET: randomBytes(32).toString("hex"), TOLLGATE_ENCRYPTION_KEY: encryptionKey.toString("base64"), TOLLGATE_LOG_LEVEL: "info",
      }, /"web listening"|web listening/),
      startProcess("tollgate worker", [...tsx, "workers/index.ts"], { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, TOLLGATE_LOG_LEVEL: "info" }, /worker started/),
      startProcess("portkey gateway", ["node_modules/@portkey-ai/gateway/build/start-server.js", `--port=${portkeyPort}`, "--headless"], {}, /running|listening|started|8787|\d{4}/i),
    ]);
    for (const s of started) cleanups.push(s.stop);

    const targets: Target[] = [
      { name: "direct", url: `${upstreamUrl}/chat/completions`, headers: {} },
      { name: "bare", url: `http://127.0.0.1:${barePort}/api/v1/chat/completions`, headers: {} },
      { name: "tollgate", url: `http://127.0.0.1:${tollgatePort}/api/v1/chat/completions`, headers: { authorization: `Bearer ${org.apiKey}` } },
      // The same process, with a key under a hard key budget, a soft project budget and a key rate limit (RPM, TPM, concurrency).
      { name: "tollgate+limits", url: `http://127.0.0.1:${tollgatePort}/api/v1/chat/completions`, headers: { authorization: `Bearer ${limited.secret}` } },
      { name: "portkey", url: `http://127.0.0.1:${portkeyPort}/v1/chat/completions`, headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": upstreamUrl, authorization: "Bearer sk-fake" } },
    ];

    // Warm up every target (connection pools, key and catalog caches, JIT).
    let warmupAnswered = 0;
    for (const t of targets) {
      const w = await autocannon({ url: t.url, method: "POST", connections: 10, duration: 2, headers: { "content-type": "application/json", ...t.headers }, body: body(false) });
      if (t.name.startsWith("tollgate")) warmupAnswered += w["2xx"];
    }

    // Portkey's streaming fails on Node 20 here ("TypeError: immutable" in its header handling), so it is
    // compared on the non-streaming mix only; the others run both mixes.
    const scriptCallsBefore = await countScriptCalls(redis.url);
    const plan: { mix: Mix; targets: Target[] }[] = [
      { mix: "mixed", targets: targets.filter((t) => t.name !== "portkey") },
      { mix: "json", targets },
    ];
    const throughput: Record<string, Sample[]> = {};
    const fixed: Record<string, Sample[]> = {};
    const keyOf = (mix: Mix, name: string) => `${mix}:${name}`;
    for (let round = 1; round <= REPEATS; round++) {
      // Interleaved, so machine noise spreads over all targets alike.
      for (const { mix, targets: group } of plan) {
        for (const t of group) {
          const k = keyOf(mix, t.name);
          (throughput[k] ??= []).push(await load(t, mix));
          (fixed[k] ??= []).push(await load(t, mix, FIXED_RATE));
          console.log(`round ${round} ${mix} ${t.name}: max ${Math.round(throughput[k]!.at(-1)!.rps)} req/s; at ${FIXED_RATE}/s p50 ${fixed[k]!.at(-1)!.p50} ms p99 ${fixed[k]!.at(-1)!.p99} ms`);
        }
      }
    }

    const med = (samples: Sample[], key: keyof Sample) => median(samples.map((s) => s[key]));
    const results = Object.fromEntries(
      Object.keys(throughput).map((k) => [k, {
        rps: Math.round(med(throughput[k]!, "rps")),
        p50: med(fixed[k]!, "p50"),
        p99: med(fixed[k]!, "p99"),
        failed: [...throughput[k]!, ...fixed[k]!].reduce((n, s) => n + s.failed, 0),
      }]),
    );
    const r = (mix: Mix, name: string) => results[keyOf(mix, name)]!;
    const added = (mix: Mix, name: string) => ({ p50: +(r(mix, name).p50 - r(mix, "direct").p50).toFixed(2), p99: +(r(mix, name).p99 - r(mix, "direct").p99).toFixed(2) });

    // Metering really happened: every answered Tollgate request becomes one usage row.
    const answeredBy = (suffix: string) => [...Object.entries(throughput), ...Object.entries(fixed)].filter(([k]) => k.endsWith(suffix)).flatMap(([, v]) => v).reduce((n, s) => n + s.ok + s.failed, 0);
    const answered = warmupAnswered + [...Object.entries(throughput), ...Object.entries(fixed)].filter(([k]) => k.endsWith(":tollgate") || k.endsWith(":tollgate+limits")).flatMap(([, v]) => v).reduce((n, s) => n + s.ok, 0);
    // Admission scripts per limited request: the one Redis round trip on the request path (settle follows the response).
    const scriptCalls = (await countScriptCalls(redis.url)) - scriptCallsBefore;
    const limitedRequests = answeredBy(":tollgate+limits");
    const deadline = Date.now() + 120_000;
    let metered = 0;
    while (Date.now() < deadline) {
      metered = await db.usageEvent.count();
      if (metered >= answered) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await db.$disconnect();

    const summary = {
      bench: "proxy",
      date: new Date().toISOString(),
      machine: describeMachine(),
      mixes: { mixed: "50% non-streaming, 50% streaming chat completions (20 output tokens)", json: "non-streaming chat completions only" },
      connections: CONNECTIONS,
      durationS: DURATION_S,
      repeats: REPEATS,
      results,
      ratios: {
        tollgateVsPortkeyJson: +(r("json", "tollgate").rps / r("json", "portkey").rps).toFixed(2),
        tollgateVsBareMixed: +(r("mixed", "tollgate").rps / r("mixed", "bare").rps).toFixed(2),
        tollgateVsBareJson: +(r("json", "tollgate").rps / r("json", "bare").rps).toFixed(2),
        limitsVsTollgateMixed: +(r("mixed", "tollgate+limits").rps / r("mixed", "tollgate").rps).toFixed(2),
      },
      limits: {
        addedByLimitsAt1000rpsMs: { p50: +(r("mixed", "tollgate+limits").p50 - r("mixed", "tollgate").p50).toFixed(2), p99: +(r("mixed", "tollgate+limits").p99 - r("mixed", "tollgate").p99).toFixed(2) },
        limitedRequests,
        redisScriptCalls: scriptCalls,
        scriptCallsPerLimitedRequest: +(scriptCalls / Math.max(1, limitedRequests)).toFixed(2),
      },
      addedLatencyAt1000rpsMs: { mixed: { bare: added("mixed", "bare"), tollgate: added("mixed", "tollgate") }, json: { bare: added("json", "bare"), tollgate: added("json", "tollgate"), portkey: added("json", "portkey") } },
      metering: { tollgateAnswered: answered, usageRowsWritten: metered },
      targets: {} as Record<string, boolean>,
    };
    summary.targets = {
      tollgateAtLeast5xPortkey: summary.ratios.tollgateVsPortkeyJson >= 5,
      tollgateAtLeast60PercentOfBare: summary.ratios.tollgateVsBareMixed >= 0.6,
      addedP99AtMost3ms: added("mixed", "tollgate").p99 <= 3,
      limitsAddedP99AtMost3ms: added("mixed", "tollgate+limits").p99 <= 3,
    };

    const rows = plan.flatMap(({ mix, targets: group }) =>
      group.map((t) => `| ${mix} | ${t.name} | ${r(mix, t.name).rps} | ${r(mix, t.name).p50} | ${r(mix, t.name).p99} | ${t.name === "direct" ? "-" : `${added(mix, t.name).p50} / ${added(mix, t.name).p99}`} | ${r(mix, t.name).failed} |`),
    );
    await reportBenchmark(
      `bench:proxy, ${summary.date.slice(0, 10)}`,
      [
        `Machine: ${summary.machine}. ${CONNECTIONS} connections; ${REPEATS} rounds of ${DURATION_S} s per target and mix, interleaved; medians. Mixes: mixed = ${summary.mixes.mixed}; json = ${summary.mixes.json}. Portkey runs the json mix only (its streaming fails on Node 20 with "TypeError: immutable"). Load generator (autocannon), upstream, proxy, worker, Postgres and Redis share the 2 cores.`,
        "",
        `| mix | target | max req/s (2xx) | p50 ms at ${FIXED_RATE}/s | p99 ms at ${FIXED_RATE}/s | added p50 / p99 ms | failed |`,
        "|---|---|---|---|---|---|---|",
        ...rows,
        "",
        `Tollgate vs Portkey (json): ${summary.ratios.tollgateVsPortkeyJson}x (target >= 5x). Tollgate vs bare proxy: ${Math.round(summary.ratios.tollgateVsBareMixed * 100)}% mixed, ${Math.round(summary.ratios.tollgateVsBareJson * 100)}% json (target >= 60%). Added p99 at ${FIXED_RATE}/s (mixed): ${added("mixed", "tollgate").p99} ms (target <= 3 ms).`,
        `Budgets and rate limits on (tollgate+limits vs tollgate, mixed): ${Math.round(summary.ratios.limitsVsTollgateMixed * 100)}% of the throughput; p50 / p99 at ${FIXED_RATE}/s ${summary.limits.addedByLimitsAt1000rpsMs.p50} / ${summary.limits.addedByLimitsAt1000rpsMs.p99} ms more; ${summary.limits.scriptCallsPerLimitedRequest} Redis script calls per limited request (admission before forwarding + settle after the response; no other Redis command on the path). Added p99 over direct: ${added("mixed", "tollgate+limits").p99} ms (target <= 3 ms).`,
        `Metering: ${answered} answered Tollgate requests (warm-up included), ${metered} usage rows in Postgres.`,
      ],
      summary,
    );
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

/** A second key in the bench org under two budgets and a rate limit that never refuse (the cost of checking, not of refusing). */
async function addLimits(db: ReturnType<typeof createDbClient>, org: { orgId: string }) {
  // A project of its own, so the plain "tollgate" target stays free of budgets.
  const project = await db.project.create({ data: { orgId: org.orgId, name: "Limited", slug: "limited" }, select: { id: true } });
  const key = await createApiKey(db, { projectId: project.id, name: "limited" });
  await db.budget.create({ data: { orgId: org.orgId, name: "bench key cap", scope: "key", apiKeyId: key.id, period: "month", amountUsd: "1000000", mode: "hard" } });
  await db.budget.create({ data: { orgId: org.orgId, name: "bench project watch", scope: "project", projectId: project.id, period: "day", amountUsd: "1000000", mode: "soft" } });
  await db.rateLimitPolicy.create({ data: { orgId: org.orgId, scope: "key", apiKeyId: key.id, requestsPerMin: 10_000_000, tokensPerMin: 2_000_000_000, maxConcurrent: 100_000 } });
  return key;
}

async function countScriptCalls(redisUrl: string): Promise<number> {
  const client = createRedis(redisUrl);
  try {
    const info = await client.info("commandstats");
    return [...info.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  } finally {
    client.disconnect();
  }
}

await main();
