// npm run bench:limits: what budgets and rate limits cost per request, on
// their own: the proxy's real admission and settle (lib/limits) against a
// real Redis, BENCH_CONCURRENCY requests per event-loop turn (as the proxy
// batches them), a hard budget, a soft budget and a key rate limit (rpm,
// tpm, concurrency), the bench:proxy "tollgate+limits" set. Reports this
// process's CPU and Redis's CPU per admitted and settled request, medians.
//
// An A/B in one run: BENCH_AB_DIR=<another checkout> loads that checkout's
// lib/limits too; the two alternate in every round, on the same Redis.
import path from "node:path";
import { createLogger } from "../lib/log/logger";
import { createRedis, FAIL_FAST_REDIS_OPTIONS, whenReady } from "../lib/redis/create-redis";
import { startRedis } from "../tests/support/local-services";
import { describeMachine, median } from "./support/machine";
import { cpuMicros } from "./support/process-cpu";
import { reportBenchmark } from "./support/record-result";

const DURATION_MS = Number(process.env.BENCH_DURATION ?? 5) * 1000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const AB_DIR = process.env.BENCH_AB_DIR ? path.resolve(process.env.BENCH_AB_DIR) : null;

interface Side {
  name: string;
  admit: (req: Record<string, unknown>) => Promise<{ kind: string; admission?: unknown }>;
  settle: (admission: unknown) => Promise<unknown>;
  close: () => void;
}

const ORG = "org_bench_limits";
const KEY = "key_limited";
const PROJECT = "project_limited";
const rules = {
  timezone: "UTC",
  budgets: [
    { id: "b_hard", name: "bench key cap", scope: "key", projectId: null, apiKeyId: KEY, tag: null, period: "month", amountNano: 1_000_000n * 10n ** 9n, mode: "hard", thresholds: [80, 100], breachAction: "block", downgradeToModel: null, downgradeToTier: null, throttleRpm: null },
    { id: "b_soft", name: "bench project watch", scope: "project", projectId: PROJECT, apiKeyId: null, tag: null, period: "day", amountNano: 1_000_000n * 10n ** 9n, mode: "soft", thresholds: [80, 100], breachAction: "block", downgradeToModel: null, downgradeToTier: null, throttleRpm: null },
  ],
  policies: [{ id: "p_key", scope: "key", projectId: null, apiKeyId: KEY, modelAlias: null, requestsPerMin: 10_000_000, tokensPerMin: 2_000_000_000, maxConcurrent: 100_000 }],
};

async function loadSide(name: string, root: string, redisUrl: string): Promise<Side> {
  const admitModule = await import(path.join(root, "lib/limits/admit-request.ts"));
  const settleModule = await import(path.join(root, "lib/limits/settle-reservation.ts"));
  const scripts = await import(path.join(root, "lib/limits/limit-scripts.ts"));
  // The proxy's limits connection (lib/web/create-web-server.ts).
  const redis = scripts.withLimitScripts(createRedis(redisUrl, { ...FAIL_FAST_REDIS_OPTIONS, enableAutoPipelining: true }));
  await whenReady(redis);
  const log = createLogger({ name: "bench-limits", level: "warn" });
  const deps = { redis, rules: { get: async () => rules }, redisDownRefuses: "hard-budgets", reservationTtlMs: 120_000, log };
  return {
    name,
    admit: (req) => admitModule.admitRequest(deps, req),
    settle: (admission) => settleModule.settleReservation(redis, log, admission, { costNano: 1_234_567n, tokens: 60 }),
    close: () => redis.disconnect(),
  };
}

let sequence = 0;
function request(): Record<string, unknown> {
  sequence += 1;
  const reservation = { inputTokens: 40, outputTokens: 20, costNano: 2_000_000n };
  return {
    requestId: `req_${sequence.toString(36)}_${Math.random().toString(36).slice(2, 10)}`, attempt: 0, orgId: ORG, projectId: PROJECT, keyId: KEY, tags: [],
    model: "gpt-5-mini", at: new Date(), reservation: () => reservation, reservationBound: () => reservation,
  };
}

async function runFor(side: Side, redisPid: number) {
  const cpu0 = process.cpuUsage();
  const redis0 = cpuMicros(redisPid);
  const t0 = performance.now();
  let done = 0;
  while (performance.now() - t0 < DURATION_MS) {
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      const result = await side.admit(request());
      if (result.kind !== "admitted") throw new Error(`refused: ${result.kind}`);
      await side.settle(result.admission);
    }));
    done += CONCURRENCY;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { perS: done / seconds, clientUs: (cpu.user + cpu.system) / done, redisUs: (cpuMicros(redisPid) - redis0) / done };
}

async function main() {
  const redisServer = await startRedis();
  try {
    const sides = [await loadSide("tollgate", path.resolve(import.meta.dirname, ".."), redisServer.url)];
    if (AB_DIR) sides.push(await loadSide("tollgate@ab", AB_DIR, redisServer.url));
    for (const side of sides) await runFor(side, redisServer.pid()); // warm-up
    const samples = new Map(sides.map((s) => [s.name, [] as Awaited<ReturnType<typeof runFor>>[]]));
    for (let round = 1; round <= REPEATS; round++) {
      const order = round % 2 === 1 ? sides : [...sides].reverse();
      for (const side of order) {
        const r = await runFor(side, redisServer.pid());
        samples.get(side.name)!.push(r);
        console.log(`round ${round} ${side.name}: ${Math.round(r.perS)} requests/s, ${Math.round(r.clientUs)} µs proxy CPU, ${Math.round(r.redisUs)} µs Redis CPU a request`);
      }
    }
    for (const side of sides) side.close();
    const results = Object.fromEntries([...samples].map(([name, s]) => [name, {
      requestsPerS: Math.round(median(s.map((x) => x.perS))), proxyCpuUs: Math.round(median(s.map((x) => x.clientUs))), redisCpuUs: Math.round(median(s.map((x) => x.redisUs))),
    }]));
    const summary = { bench: "limits", date: new Date().toISOString(), machine: describeMachine(), concurrency: CONCURRENCY, durationS: DURATION_MS / 1000, repeats: REPEATS, redis: redisServer.version, results };
    await reportBenchmark(`bench:limits, ${summary.date.slice(0, 10)}`, [
      `Machine: ${summary.machine}; ${summary.redis}. Admission then settle of each request through lib/limits against a real Redis: a hard key budget, a soft project budget and a key rate limit (rpm, tpm, concurrency), none of which refuses; ${CONCURRENCY} requests per event-loop turn; ${REPEATS} rounds of ${DURATION_MS / 1000} s${AB_DIR ? ", the sides alternating" : ""}; medians. CPU from process.cpuUsage (this process) and /proc (redis-server).`,
      "",
      "| code | admitted and settled requests/s | proxy CPU µs a request | Redis CPU µs a request |",
      "|---|---|---|---|",
      ...Object.entries(results).map(([name, r]) => `| ${name} | ${r.requestsPerS} | ${r.proxyCpuUs} | ${r.redisCpuUs} |`),
    ], summary);
  } finally {
    await redisServer.stop();
  }
}

await main();
