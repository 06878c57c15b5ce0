// npm run bench:proxy: the same request mix (half non-streaming, half
// streaming chat completions) and connection counts, in one run on loopback,
// against: the fake upstream directly; a bare node:http forwarding proxy (the
// floor: no auth, no metering); Tollgate with auth and metering on (usage
// events to Redis, drained by a worker into Postgres); Portkey's open-source
// gateway. Each runs in its own process. Reports medians of repeated runs.
// Routing and the response cache run in the same Tollgate process, each in
// an org of its own (bench/support/routing-orgs.ts), side by side with plain
// Tollgate (an org without policies) and compared with it round by round.
import { randomBytes } from "node:crypto";
import type { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createDbClient } from "../lib/db/create-db-client";
import { migrateDatabase } from "../lib/db/migrate-database";
import { createApiKey } from "../lib/keys/create-api-key";
import type { Redis } from "ioredis";
import { createRedis } from "../lib/redis/create-redis";
import { USAGE_STREAM_KEY } from "../lib/usage/usage-stream";
import { createProxyOrg } from "../tests/support/create-proxy-org";
import { freePort, startPostgres, startRedis } from "../tests/support/local-services";
import { buildBundle, buildProcessBundle } from "../lib/runtime/build-process-bundle";
import { adminQuery, withDatabase } from "../tests/support/test-database";
import { describeMachine, median } from "./support/machine";
import { cpuMicros } from "./support/process-cpu";
import { compareCpuBaseline, lastRecordedProxyRun, REGRESSION_PERCENT } from "./support/compare-cpu-baseline";
import { benchmarksFile, reportBenchmark } from "./support/record-result";
import { createCachingOrg, createRoutingOrg } from "./support/routing-orgs";
import { startProcess } from "./support/start-process";
import { parseHistogram, summariseOverhead, type OverheadSummary } from "./support/overhead-histogram";
import { pacedLoad, type PacedResult } from "./support/paced-load";

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const FIXED_RATE = 1000;
// BENCH_FIXED_RATE=1: a partial run also runs each target at FIXED_RATE after its throughput run (latency at a set rate).
const PARTIAL_FIXED_RATE = process.env.BENCH_FIXED_RATE === "1";
// A partial run (e.g. BENCH_TARGETS=tollgate,tollgate+cache BENCH_MIXES=json): only those targets and mixes,
// throughput runs only, reported in a section of its own that is never taken as the CPU baseline.
const ONLY_TARGETS = listEnv("BENCH_TARGETS");
const ONLY_MIXES = listEnv("BENCH_MIXES") as Mix[] | null;
// An A/B in one run: BENCH_AB_DIR=<another checkout> (its node_modules linked, its Prisma client generated) adds
// target "tollgate@ab", that checkout's web process on the same Postgres, Redis and worker, next to "tollgate".
const AB_DIR = process.env.BENCH_AB_DIR ? path.resolve(process.env.BENCH_AB_DIR) : null;
const PARTIAL = ONLY_TARGETS !== null || ONLY_MIXES !== null || AB_DIR !== null;

function listEnv(name: string): string[] | null {
  const list = process.env[name]?.split(",").map((s) => s.trim()).filter(Boolean);
  return list?.length ? list : null;
}
const CLUSTER_PROCESSES = 2;
// The single Tollgate process's /metrics, read around each fixed-rate run for its own time per request.
const METRICS_TOKEN = randomBytes(16).toString("hex");

interface LoadRequest {
  body: string;
  headers?: Record<string, string>;
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** Per-mix requests replacing MIXES (e.g. the same bodies sent with two keys). */
  requests?: Record<Mix, LoadRequest[]>;
  /** Count the answers' x-tollgate-cache values (a cache bench must prove it measured hits). */
  countCache?: boolean;
  /** The process answering (and the usage worker behind it), whose CPU time per request is measured. */
  pids?: { proxy: number; worker?: number };
  /** The answering process's loop probe (bench/support/loop-probe.ts): event-loop delay and GC pauses of its fixed-rate runs. */
  probe?: Probe;
  /** A diagnostic target: the usage worker is stopped (SIGSTOP) during its runs, so Postgres and the worker take no CPU then. */
  pauseWorker?: number;
  /** The answering process's /metrics (Tollgate's own time per request, tollgate_proxy_overhead_seconds), read around its fixed-rate runs. */
  metricsUrl?: string;
}

interface Probe {
  pid: number;
  file: string;
}

/** What the loop probe saw in one fixed-rate run (see bench/support/loop-probe.ts). */
interface ProbeSnapshot {
  seq: number;
  wallMs: number;
  eventLoopDelayMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  gc: { count: number; totalMs: number; maxMs: number; p99Ms: number; over2ms: number; minor: { count: number; totalMs: number }; major: { count: number; totalMs: number }; incremental: { count: number; totalMs: number } };
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** x-tollgate-cache: hit answers, and answers without it (countCache targets only). */
  cacheHits: number;
  cacheOther: number;
  /** CPU time (user + system) of the answering process, and of the usage worker, per request of the run; null when not measured. */
  cpuUsPerReq: number | null;
  workerCpuUsPerReq: number | null;
  /** Event-loop delay and GC pauses of the answering process during a fixed-rate run (probed targets only). */
  loop: ProbeSnapshot | null;
  /** Tollgate's own time per request during a fixed-rate run (targets with metricsUrl only). */
  overhead: OverheadSummary | null;
  /** CPU time per answered request of every process on the machine that takes part (see MACHINE_PARTS). */
  machine: Record<MachinePart, number>;
}

/**
 * Every process of the run whose CPU time is spent on a request: the load generator (this process), the
 * fake upstream, Postgres (postmaster and backends), Redis, the usage worker and the process answering.
 * The 2 cores are shared, so a target's requests/s follow the sum, not the answering process alone.
 */
const MACHINE_PARTS = ["answering", "worker", "postgres", "redis", "upstream", "loadGenerator"] as const;
type MachinePart = (typeof MACHINE_PARTS)[number];
let machinePids: { postgres: number; redis: number; upstream: number; worker: number } | null = null;
/** Reads the usage stream's length: acknowledged entries are deleted, so it is the ingest backlog. */
let usageStream: Redis | null = null;

/**
 * Waits (up to 30 s) until the worker has stored every usage event so far, so a run never starts with
 * the previous target's events still being ingested on the same cores.
 */
async function waitForIngest(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (usageStream && Date.now() < deadline && (await usageStream.xlen(USAGE_STREAM_KEY)) > 0) await new Promise((r) => setTimeout(r, 50));
}

function machineCpu(target: Target): Record<MachinePart, number> {
  const own = process.cpuUsage();
  const pid = (part: MachinePart) => (part === "answering" ? target.pids?.proxy : part === "loadGenerator" ? null : machinePids?.[part]);
  // The direct target is the upstream itself: counted once, as the answering process.
  return Object.fromEntries(MACHINE_PARTS.map((part) => {
    if (part === "loadGenerator") return [part, own.user + own.system];
    const id = pid(part);
    if (part === "upstream" && id === target.pids?.proxy) return [part, 0];
    return [part, id ? cpuMicros(id) : 0];
  })) as Record<MachinePart, number>;
}

const body = (stream: boolean) => JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "Summarise the quarterly spend report in one line." }], stream });

type Mix = "mixed" | "json";
const MIXES: Record<Mix, LoadRequest[]> = {
  mixed: [{ body: body(false) }, { body: body(true) }],
  json: [{ body: body(false) }],
};

async function load(target: Target, mix: Mix, rate?: number): Promise<Sample> {
  const cache = { hits: 0, other: 0 };
  const probe = rate ? target.probe : undefined;
  await waitForIngest();
  if (probe) await probeSnapshot(probe); // starts the probe's window afresh
  const overheadBefore = rate && target.metricsUrl ? await scrapeOverhead(target.metricsUrl) : null;
  const cpuBefore = target.pids && { proxy: cpuMicros(target.pids.proxy), worker: target.pids.worker ? cpuMicros(target.pids.worker) : null };
  const machineBefore = machineCpu(target);
  const headers = { "content-type": "application/json", ...target.headers };
  const requestsOfMix = target.requests?.[mix] ?? MIXES[mix];
  const run = () => rate
    ? pacedLoad({
      url: target.url, rate, durationS: DURATION_S, connections: CONNECTIONS, headers, requests: requestsOfMix,
      ...(target.countCache ? { onHeaders: (h: Record<string, string | string[] | undefined>) => (h["x-tollgate-cache"] === "hit" ? cache.hits++ : cache.other++) } : {}),
    }).then(pacedResult)
    : autocannon({
      url: target.url,
      method: "POST",
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers,
      requests: requestsOfMix,
      ...(target.countCache ? { setupClient: (client: EventEmitter) => client.on("headers", (info: ParsedHeaders) => (cacheHeader(info) === "hit" ? cache.hits++ : cache.other++)) } : {}),
    });
  // Throughput: autocannon, closed-loop at full concurrency. A set rate: paced evenly, open-loop (bench/support/paced-load.ts).
  if (target.pauseWorker) process.kill(target.pauseWorker, "SIGSTOP");
  let result: Awaited<ReturnType<typeof run>>;
  try {
    result = await run();
  } finally {
    if (target.pauseWorker) process.kill(target.pauseWorker, "SIGCONT");
  }
  const requests = Math.max(1, result["2xx"] + result.non2xx);
  const machineAfter = machineCpu(target);
  const loop = probe ? await probeSnapshot(probe) : null;
  const overhead = overheadBefore ? summariseOverhead(overheadBefore, await scrapeOverhead(target.metricsUrl!)) : null;
  const perRequest = (before: number | null | undefined, pid: number | undefined) => (before == null || pid === undefined ? null : Math.round((cpuMicros(pid) - before) / requests));
  // Throughput counts successful answers only: fast failures must not look like speed.
  return {
    rps: result["2xx"] / DURATION_S, p50: result.latency.p50, p99: result.latency.p99, ok: result["2xx"], failed: result.non2xx + result.errors + result.timeouts, cacheHits: cache.hits, cacheOther: cache.other,
    cpuUsPerReq: perRequest(cpuBefore?.proxy, target.pids?.proxy), workerCpuUsPerReq: perRequest(cpuBefore?.worker, target.pids?.worker), loop, overhead,
    machine: Object.fromEntries(MACHINE_PARTS.map((part) => [part, Math.round((machineAfter[part] - machineBefore[part]) / requests)])) as Record<MachinePart, number>,
  };
}

/** A paced run's figures in the shape load() reads from autocannon's. */
function pacedResult(p: PacedResult) {
  return { "2xx": p.ok, non2xx: p.failed, errors: 0, timeouts: 0, latency: { p50: p.p50, p99: p.p99 } };
}

async function scrapeOverhead(url: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return parseHistogram(await res.text(), "tollgate_proxy_overhead_seconds");
}

/** Asks the probe for what it saw since its last report (SIGUSR2), and waits for the answer. */
async function probeSnapshot(probe: Probe): Promise<ProbeSnapshot> {
  const read = () => {
    try {
      return JSON.parse(readFileSync(probe.file, "utf8")) as ProbeSnapshot;
    } catch {
      return null; // not written yet, or caught mid-write
    }
  };
  const before = read()?.seq ?? 0;
  process.kill(probe.pid, "SIGUSR2");
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const snapshot = read();
    if (snapshot && snapshot.seq > before) return snapshot;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the loop probe of pid ${probe.pid} did not answer`);
}


/** What autocannon's parser (http-parser-js) hands its clients' "headers" event: names and values, alternating. */
interface ParsedHeaders {
  headers: string[];
}

function cacheHeader(info: ParsedHeaders): string | null {
  for (let i = 0; i < info.headers.length; i += 2) if (info.headers[i]!.toLowerCase() === "x-tollgate-cache") return info.headers[i + 1]!;
  return null;
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

    const [upstreamPort, barePort, tollgatePort, portkeyPort, clusterPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const upstreamUrl = `http://127.0.0.1:${upstreamPort}/v1`;
    const db = createDbClient(databaseUrl, { poolSize: 2 });
    const org = await createProxyOrg(db, upstreamUrl, encryptionKey);
    const limited = await addLimits(db, org);
    const publisher = createRedis(redis.url);
    const routed = await createRoutingOrg(db, publisher, upstreamUrl, encryptionKey);
    const cached = await createCachingOrg(db, publisher, upstreamUrl, encryptionKey);
    publisher.disconnect();
    usageStream = createRedis(redis.url);
    cleanups.push(async () => usageStream?.disconnect());

    const tsx = ["--import", "tsx"];
    // Event-loop delay and GC pauses of the bare proxy and Tollgate's web process, read around each fixed-rate run.
    const probeDir = mkdtempSync(path.join(os.tmpdir(), "bench-probe-"));
    cleanups.push(async () => rmSync(probeDir, { recursive: true, force: true }));
    const probed = [...tsx, "--import", "./bench/support/loop-probe.ts"];
    // Tollgate's web and worker processes run compiled, as `npm run up` runs them (lib/runtime/build-process-bundle.ts); its probe too,
    // so no TypeScript loader runs in it. An A/B checkout is compiled the same way, by this checkout's builder.
    const root = path.resolve(import.meta.dirname, "..");
    const webBundle = await buildProcessBundle(root, "web");
    const probeBundle = await buildBundle(root, "loop-probe", 'import "./bench/support/loop-probe.ts";\n');
    const abBundle = AB_DIR ? await buildProcessBundle(AB_DIR, "web") : null;
    const workerBundle = await buildProcessBundle(root, "worker");
    const probeFile = (name: string) => path.join(probeDir, `${name}.json`);
    const started = await Promise.all([
      startProcess("fake upstream", [...tsx, "bench/support/fake-upstream-server.ts"], { PORT: String(upstreamPort) }, /ready/),
      startProcess("bare proxy", [...probed, "bench/support/bare-proxy.ts"], { PORT: String(barePort), UPSTREAM_URL: upstreamUrl, BENCH_PROBE_FILE: probeFile("bare") }, /ready/),
      // BENCH_TOLLGATE_NODE_ARGS (BENCH_AB_NODE_ARGS for the BENCH_AB_DIR checkout): extra node flags for the Tollgate process (e.g. GC experiments).
      startProcess("tollgate web", [...(process.env.BENCH_TOLLGATE_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", probeBundle, webBundle], {
        PORT: String(tollgatePort), TOLLGATE_HOST: "127.0.0.1", TOLLGATE_SERVE_UI: "false", DATABASE_URL: databaseUrl, REDIS_URL: redis.url,
        NEXTAUTH_SECRET: randomBytes(32).toString("hex"), TOLLGATE_ENCRYPTION_KEY: encryptionKey.toString("base64"), TOLLGATE_LOG_LEVEL: "info",
        BENCH_PROBE_FILE: probeFile("tollgate"), TOLLGATE_METRICS_TOKEN: METRICS_TOKEN,
      }, /"web listening"|web listening/),
      // The same web server as TOLLGATE_WEB_PROCESSES=2 (node:cluster): two instances sharing a port, metered by the same worker.
      startProcess("tollgate cluster", [webBundle], {
        PORT: String(clusterPort), TOLLGATE_HOST: "127.0.0.1", TOLLGATE_SERVE_UI: "false", DATABASE_URL: databaseUrl, REDIS_URL: redis.url, TOLLGATE_WEB_PROCESSES: String(CLUSTER_PROCESSES),
        NEXTAUTH_SECRET: randomBytes(32).toString("hex"), TOLLGATE_ENCRYPTION_KEY: encryptionKey.toString("base64"), TOLLGATE_LOG_LEVEL: "info",
      }, /"web processes listening"/),
      startProcess("tollgate worker", [...(process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), workerBundle], { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, TOLLGATE_LOG_LEVEL: "info" }, /worker started/),
      startProcess("portkey gateway", ["node_modules/@portkey-ai/gateway/build/start-server.js", `--port=${portkeyPort}`, "--headless"], {}, /running|listening|started|8787|\d{4}/i),
    ]);
    for (const s of started) cleanups.push(s.stop);
    const [upstreamPid, barePid, webPid, clusterPid, workerPid] = started.map((s) => s.child.pid!);
    const abPort = AB_DIR ? await freePort() : null;
    const ab = AB_DIR && abPort && abBundle
      ? await startProcess(`tollgate web at ${AB_DIR}`, [...(process.env.BENCH_AB_NODE_ARGS?.split(" ").filter(Boolean) ?? []), "--import", probeBundle, abBundle], {
        BENCH_PROBE_FILE: probeFile("tollgate-ab"), PORT: String(abPort), TOLLGATE_HOST: "127.0.0.1", TOLLGATE_SERVE_UI: "false", DATABASE_URL: databaseUrl, REDIS_URL: redis.url,
        NEXTAUTH_SECRET: randomBytes(32).toString("hex"), TOLLGATE_ENCRYPTION_KEY: encryptionKey.toString("base64"), TOLLGATE_LOG_LEVEL: "info", TOLLGATE_METRICS_TOKEN: METRICS_TOKEN,
      }, /"web listening"|web listening/, { cwd: AB_DIR })
      : null;
    if (ab) cleanups.push(ab.stop);
    const tollgatePids = { proxy: webPid!, worker: workerPid! };
    machinePids = { postgres: pg.pid(), redis: redis.pid(), upstream: upstreamPid!, worker: workerPid! };
    const tollgateProbe = { pid: webPid!, file: probeFile("tollgate") };
    const metricsUrl = `http://127.0.0.1:${tollgatePort}/metrics`;

    const tollgateUrl = `http://127.0.0.1:${tollgatePort}/api/v1/chat/completions`;
    // Half the requests with each key: key A's reach the fallback chain (rule 19), key B's the split (rule 20).
    const routedRequests = (mix: Mix) => MIXES[mix].flatMap((r) => [routed.chainKey, routed.splitKey].map((k) => ({ ...r, headers: { authorization: `Bearer ${k}` } })));
    const targets: Target[] = [
      { name: "direct", url: `${upstreamUrl}/chat/completions`, headers: {}, pids: { proxy: upstreamPid! } },
      { name: "bare", url: `http://127.0.0.1:${barePort}/api/v1/chat/completions`, headers: {}, pids: { proxy: barePid! }, probe: { pid: barePid!, file: probeFile("bare") } },
      { name: "tollgate", url: tollgateUrl, headers: { authorization: `Bearer ${org.apiKey}` }, pids: tollgatePids, probe: tollgateProbe, metricsUrl },
      // Next to plain Tollgate, so the round-by-round ratios compare runs seconds apart.
      { name: "tollgate+routing", url: tollgateUrl, headers: {}, requests: { mixed: routedRequests("mixed"), json: routedRequests("json") }, pids: tollgatePids, probe: tollgateProbe, metricsUrl },
      { name: "tollgate+cache", url: tollgateUrl, headers: { authorization: `Bearer ${cached.apiKey}` }, countCache: true, pids: tollgatePids, probe: tollgateProbe, metricsUrl },
      // The same process, with a key under a hard key budget, a soft project budget and a key rate limit (RPM, TPM, concurrency).
      { name: "tollgate+limits", url: tollgateUrl, headers: { authorization: `Bearer ${limited.secret}` }, pids: tollgatePids, probe: tollgateProbe, metricsUrl },
      // Plain Tollgate with the usage worker stopped (SIGSTOP) during its runs: the metering pipeline's ingest (worker and Postgres)
      // off these cores, as where they run on other hosts. Tells their share of the machine from the proxy's own; not a target.
      // Its events wait in the stream and are ingested before the next run starts.
      { name: "tollgate~worker-stopped", url: tollgateUrl, headers: { authorization: `Bearer ${org.apiKey}` }, pids: tollgatePids, probe: tollgateProbe, metricsUrl, pauseWorker: workerPid! },
      { name: "tollgate-cluster", url: `http://127.0.0.1:${clusterPort}/api/v1/chat/completions`, headers: { authorization: `Bearer ${org.apiKey}` }, pids: { proxy: clusterPid!, worker: workerPid! } },
      // BENCH_AB_LIKE=tollgate+limits (say): the other checkout gets that target's key (or, for tollgate+routing, its requests) instead of plain Tollgate's.
      ...(ab && abPort ? [{
        name: "tollgate@ab", url: `http://127.0.0.1:${abPort}/api/v1/chat/completions`, pids: { proxy: ab.child.pid!, worker: workerPid! },
        probe: { pid: ab.child.pid!, file: probeFile("tollgate-ab") },
        // Read only if that checkout has the histogram (an older one answers without it: no own time).
        metricsUrl: `http://127.0.0.1:${abPort}/metrics`,
        ...(process.env.BENCH_AB_LIKE === "tollgate+routing"
          ? { headers: {}, requests: { mixed: routedRequests("mixed"), json: routedRequests("json") } }
          : { headers: { authorization: `Bearer ${abKeyFor(process.env.BENCH_AB_LIKE ?? "tollgate", { tollgate: org.apiKey, "tollgate+cache": cached.apiKey, "tollgate+limits": limited.secret })}` } }),
      }] : []),
      { name: "portkey", url: `http://127.0.0.1:${portkeyPort}/v1/chat/completions`, headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": upstreamUrl, authorization: "Bearer sk-fake" } },
    ];

    if (PARTIAL) {
      const chosen = targets.filter((t) => !ONLY_TARGETS || ONLY_TARGETS.includes(t.name));
      // BENCH_AB_FIRST=1: the other checkout runs before this one in odd rounds (rounds alternate the order).
      if (process.env.BENCH_AB_FIRST === "1") chosen.sort((x, y) => Number(y.name === "tollgate@ab") - Number(x.name === "tollgate@ab"));
      const mixes = (["mixed", "json"] as Mix[]).filter((m) => !ONLY_MIXES || ONLY_MIXES.includes(m));
      if (chosen.length === 0 || mixes.length === 0) throw new Error(`BENCH_TARGETS / BENCH_MIXES select nothing (targets: ${targets.map((t) => t.name).join(", ")}; mixes: mixed, json)`);
      if (chosen.some((t) => t.name === "tollgate+cache")) await warmCache(tollgateUrl, cached.apiKey);
      await runPartial(chosen, mixes, cached.orgId, db);
      return;
    }
    // One request fills the cache; the next must be a hit, or the cache rows below would measure misses.
    const cacheWarm = await warmCache(tollgateUrl, cached.apiKey);
    // Warm up every target (connection pools, key and catalog caches, JIT).
    let warmupAnswered = 2;
    for (const t of targets) {
      const w = await autocannon({
        url: t.url, method: "POST", connections: 10, duration: 2, headers: { "content-type": "application/json", ...t.headers },
        ...(t.requests ? { requests: t.requests.json } : { body: body(false) }),
      });
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
      // Interleaved, so machine noise spreads over all targets alike; the throughput runs of a mix back to back
      // (then its fixed-rate runs), so plain Tollgate and the routing and cache runs compared with it are seconds apart.
      for (const { mix, targets: planned } of plan) {
        const group = inRoundOrder(planned, round);
        for (const t of group) (throughput[keyOf(mix, t.name)] ??= []).push(await load(t, mix));
        for (const t of group) {
          const k = keyOf(mix, t.name);
          (fixed[k] ??= []).push(await load(t, mix, FIXED_RATE));
          const max = throughput[k]!.at(-1)!;
          console.log(`round ${round} ${mix} ${t.name}: max ${Math.round(max.rps)} req/s${max.cpuUsPerReq === null ? "" : ` (${max.cpuUsPerReq} µs CPU/req${max.workerCpuUsPerReq === null ? "" : `, worker ${max.workerCpuUsPerReq}`})`}; at ${FIXED_RATE}/s p50 ${fixed[k]!.at(-1)!.p50} ms p99 ${fixed[k]!.at(-1)!.p99} ms`);
        }
      }
    }

    const med = (samples: Sample[], key: "rps" | "p50" | "p99") => median(samples.map((s) => s[key]));
    const medCpu = (samples: Sample[], key: "cpuUsPerReq" | "workerCpuUsPerReq") => {
      const values = samples.map((s) => s[key]).filter((v): v is number => v !== null);
      return values.length ? median(values) : null;
    };
    // Routing and cache against plain Tollgate: the median of each round's ratio (runs seconds apart share the noise),
    // next to the ratio of the medians.
    const vsTollgate = (mix: Mix, name: string) => {
      const perRound = throughput[keyOf(mix, name)]!.map((s, i) => s.rps / throughput[keyOf(mix, "tollgate")]![i]!.rps);
      const cpu = (n: string) => medCpu(throughput[keyOf(mix, n)]!, "cpuUsPerReq");
      return {
        perRound: perRound.map((x) => +x.toFixed(3)), median: +median(perRound).toFixed(3), ofMedians: +(med(throughput[keyOf(mix, name)]!, "rps") / med(throughput[keyOf(mix, "tollgate")]!, "rps")).toFixed(3),
        proxyCpuUsPerReq: { tollgate: cpu("tollgate"), [name]: cpu(name) },
      };
    };
    const cacheCounts = (["mixed", "json"] as Mix[]).map((mix) => {
      const samples = [...throughput[keyOf(mix, "tollgate+cache")]!, ...fixed[keyOf(mix, "tollgate+cache")]!];
      return { mix, hits: samples.reduce((n, s) => n + s.cacheHits, 0), other: samples.reduce((n, s) => n + s.cacheOther, 0) };
    });
    const results = Object.fromEntries(
      Object.keys(throughput).map((k) => [k, {
        rps: Math.round(med(throughput[k]!, "rps")),
        p50: med(fixed[k]!, "p50"),
        p99: med(fixed[k]!, "p99"),
        cpuUsPerReq: medCpu(throughput[k]!, "cpuUsPerReq"),
        workerCpuUsPerReq: medCpu(throughput[k]!, "workerCpuUsPerReq"),
        failed: [...throughput[k]!, ...fixed[k]!].reduce((n, s) => n + s.failed, 0),
        loop: summariseLoop(fixed[k]!),
        ownTimeMs: summariseOwnTime(fixed[k]!),
        machineCpuUsPerReq: machineMedians(throughput[k]!),
      }]),
    );
    const r = (mix: Mix, name: string) => results[keyOf(mix, name)]!;
    const cpuRatio = (mix: Mix, name: string) => {
      const [t, b] = [r(mix, name).cpuUsPerReq, r(mix, "bare").cpuUsPerReq];
      return t === null || !b ? null : +(t / b).toFixed(2);
    };
    const baseline = lastRecordedProxyRun(await readFile(benchmarksFile, "utf8").catch(() => ""));
    const added = (mix: Mix, name: string) => ({ p50: +(r(mix, name).p50 - r(mix, "direct").p50).toFixed(2), p99: +(r(mix, name).p99 - r(mix, "direct").p99).toFixed(2) });

    // Metering really happened: every answered Tollgate request becomes one usage row.
    const answeredBy = (suffix: string) => [...Object.entries(throughput), ...Object.entries(fixed)].filter(([k]) => k.endsWith(suffix)).flatMap(([, v]) => v).reduce((n, s) => n + s.ok + s.failed, 0);
    const answered = warmupAnswered + [...Object.entries(throughput), ...Object.entries(fixed)].filter(([k]) => k.includes(":tollgate")).flatMap(([, v]) => v).reduce((n, s) => n + s.ok, 0);
    // Script calls per limited request: lease renewals, per-request admissions (near a limit) and settles (after the response).
    const scriptCalls = (await countScriptCalls(redis.url)) - scriptCallsBefore;
    const limitedRequests = answeredBy(":tollgate+limits");
    const deadline = Date.now() + 120_000;
    let metered = 0;
    while (Date.now() < deadline) {
      metered = await db.usageEvent.count();
      if (metered >= answered) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const routedRows = await routedRowCounts(db, routed.orgId);
    const cachedRows = await cachedRowCounts(db, cached.orgId);
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
        clusterVsBareMixed: +(r("mixed", "tollgate-cluster").rps / r("mixed", "bare").rps).toFixed(2),
        clusterVsBareJson: +(r("json", "tollgate-cluster").rps / r("json", "bare").rps).toFixed(2),
        clusterVsTollgateMixed: +(r("mixed", "tollgate-cluster").rps / r("mixed", "tollgate").rps).toFixed(2),
        clusterVsTollgateJson: +(r("json", "tollgate-cluster").rps / r("json", "tollgate").rps).toFixed(2),
        workerStoppedVsBareMixed: +(r("mixed", "tollgate~worker-stopped").rps / r("mixed", "bare").rps).toFixed(2),
        workerStoppedVsBareJson: +(r("json", "tollgate~worker-stopped").rps / r("json", "bare").rps).toFixed(2),
      },
      routing: {
        policy: `${routed.ruleCount} rules, org-wide: 18 that never match the bench's requests (tags, projects, keys, models, input bands, needs, endpoint), then a fallback chain gpt-5-mini > gpt-5-nano > gpt-5 (key A, half the requests) and a 50/50 split gpt-5-mini / gpt-5-nano sticky by user (key B, the other half)`,
        vsTollgate: { mixed: vsTollgate("mixed", "tollgate+routing"), json: vsTollgate("json", "tollgate+routing") },
        usageRows: routedRows,
      },
      cache: {
        policy: "one rule: route gpt-5-mini with cache { ttlSec: 3600 }; every request has the same body (streaming ones replayed from the non-streaming entry)",
        warm: cacheWarm,
        vsTollgate: { mixed: vsTollgate("mixed", "tollgate+cache"), json: vsTollgate("json", "tollgate+cache") },
        answers: cacheCounts,
        usageRows: cachedRows,
      },
      limits: {
        addedByLimitsAt1000rpsMs: { p50: +(r("mixed", "tollgate+limits").p50 - r("mixed", "tollgate").p50).toFixed(2), p99: +(r("mixed", "tollgate+limits").p99 - r("mixed", "tollgate").p99).toFixed(2) },
        limitedRequests,
        redisScriptCalls: scriptCalls,
        scriptCallsPerLimitedRequest: +(scriptCalls / Math.max(1, limitedRequests)).toFixed(2),
      },
      addedLatencyAt1000rpsMs: { mixed: { bare: added("mixed", "bare"), tollgate: added("mixed", "tollgate") }, json: { bare: added("json", "bare"), tollgate: added("json", "tollgate"), portkey: added("json", "portkey") } },
      metering: { tollgateAnswered: answered, usageRowsWritten: metered },
      // Proxy CPU per request against the bare forwarder's, same run (the noise-robust ratio).
      cpuVsBare: { mixed: cpuRatio("mixed", "tollgate"), json: cpuRatio("json", "tollgate"), limitsMixed: cpuRatio("mixed", "tollgate+limits"), limitsJson: cpuRatio("json", "tollgate+limits") },
      baseline: baseline && { date: baseline.date, comparisons: compareCpuBaseline(baseline, results) },
      targets: {} as Record<string, boolean>,
    };
    summary.targets = {
      tollgateAtLeast5xPortkey: summary.ratios.tollgateVsPortkeyJson >= 5,
      tollgateAtLeast60PercentOfBare: summary.ratios.tollgateVsBareMixed >= 0.6 && summary.ratios.tollgateVsBareJson >= 0.6,
      cpuAtMost2xBare: (summary.cpuVsBare.mixed ?? Infinity) <= 2 && (summary.cpuVsBare.json ?? Infinity) <= 2,
      addedP99AtMost3ms: added("mixed", "tollgate").p99 <= 3,
      // Measured inside the proxy (what it adds, the upstream's time taken out): the same 3 ms, for plain Tollgate and with limits, both mixes.
      ownTimeP99AtMost3ms: (["mixed", "json"] as Mix[]).every((mix) => ["tollgate", "tollgate+limits"].every((name) => (r(mix, name).ownTimeMs?.p99 ?? Infinity) <= 3)),
      limitsAddedP99AtMost3ms: added("mixed", "tollgate+limits").p99 <= 3,
      routingCostsAtMost5Percent: summary.routing.vsTollgate.mixed.median >= 0.95 && summary.routing.vsTollgate.json.median >= 0.95,
      cacheHitsAtLeast2xTollgate: summary.cache.vsTollgate.mixed.median >= 2 && summary.cache.vsTollgate.json.median >= 2,
      cacheAnswersWereHits: cacheCounts.every((c) => c.other === 0) && cachedRows.miss <= 1,
    };

    const ownTimeRows = plan.flatMap(({ mix, targets: group }) => group.flatMap((t) => {
      const own = r(mix, t.name).ownTimeMs;
      return own ? [`| ${mix} | ${t.name} | ${own.p50} / ${own.p99} | ${own.p99PerRound.join(", ")} | ${(own.within3ms * 100).toFixed(1)}% | ${added(mix, t.name).p99} |`] : [];
    }));
    const loopRows = plan.flatMap(({ mix, targets: group }) => group.filter((t) => t.probe).map((t) => loopRow(mix, t.name, r(mix, t.name))));
    const rows = plan.flatMap(({ mix, targets: group }) =>
      group.map((t) => `| ${mix} | ${t.name} | ${r(mix, t.name).rps} | ${r(mix, t.name).p50} | ${r(mix, t.name).p99} | ${t.name === "direct" ? "-" : `${added(mix, t.name).p50} / ${added(mix, t.name).p99}`} | ${cpuCell(r(mix, t.name))} | ${r(mix, t.name).failed} |`),
    );
    await reportBenchmark(
      `bench:proxy, ${summary.date.slice(0, 10)}`,
      [
        `Machine: ${summary.machine}. ${CONNECTIONS} connections; ${REPEATS} rounds of ${DURATION_S} s per target and mix, interleaved (the order reversed every other round); medians. Mixes: mixed = ${summary.mixes.mixed}; json = ${summary.mixes.json}. Portkey runs the json mix only (its streaming fails on Node 20 with "TypeError: immutable"). Throughput runs: autocannon, closed-loop at ${CONNECTIONS} connections. Fixed-rate runs: requests paced evenly at ${FIXED_RATE}/s, open-loop, each latency from the request's due time to its last byte (bench/support/paced-load.ts; until 2026-12-07 these used autocannon's overallRate, which sends each connection's share of a second as a burst). Load generator, upstream, proxy, worker, Postgres and Redis share the 2 cores.`,
        "",
        `| mix | target | max req/s (2xx) | p50 ms at ${FIXED_RATE}/s | p99 ms at ${FIXED_RATE}/s | added p50 / p99 ms | CPU µs/req (answering process / usage worker) | failed |`,
        "|---|---|---|---|---|---|---|---|",
        ...rows,
        "",
        `Tollgate vs Portkey (json): ${summary.ratios.tollgateVsPortkeyJson}x (target >= 5x). Tollgate vs bare proxy: ${Math.round(summary.ratios.tollgateVsBareMixed * 100)}% mixed, ${Math.round(summary.ratios.tollgateVsBareJson * 100)}% json (target >= 60%). Added p99 at ${FIXED_RATE}/s (mixed): ${added("mixed", "tollgate").p99} ms (target <= 3 ms).`,
        `Budgets and rate limits on (tollgate+limits vs tollgate, mixed): ${Math.round(summary.ratios.limitsVsTollgateMixed * 100)}% of the throughput; p50 / p99 at ${FIXED_RATE}/s ${summary.limits.addedByLimitsAt1000rpsMs.p50} / ${summary.limits.addedByLimitsAt1000rpsMs.p99} ms more; ${summary.limits.scriptCallsPerLimitedRequest} Redis script calls per limited request (far from the limits a request is admitted from its process's lease, renewed in one script call about once a second or per few thousand requests, and the requests nearer a limit each ask Redis before forwarding; each settle after the response shares its EVALSHA with the other settles of the same event-loop turn). Added p99 over direct: ${added("mixed", "tollgate+limits").p99} ms (target <= 3 ms).`,
        `Routing (${summary.routing.policy}): ${pct(summary.routing.vsTollgate.mixed.median)} of plain Tollgate's throughput mixed, ${pct(summary.routing.vsTollgate.json.median)} json (medians of the per-round ratios; rounds ${summary.routing.vsTollgate.mixed.perRound.map(pct).join(", ")} mixed, ${summary.routing.vsTollgate.json.perRound.map(pct).join(", ")} json; target >= 95%). Tollgate's CPU per request: ${cpuLine(summary.routing.vsTollgate, "tollgate+routing")}. Usage rows of the routed org by rule: ${Object.entries(routedRows.byRule).map(([k, n]) => `${k} ${n}`).join(", ")}; ${routedRows.fallbackAttempts} fallback attempts.`,
        `Cache hits (${summary.cache.policy}): ${summary.cache.vsTollgate.mixed.median}x plain Tollgate's requests/s mixed, ${summary.cache.vsTollgate.json.median}x json (per round ${summary.cache.vsTollgate.mixed.perRound.join(", ")} mixed, ${summary.cache.vsTollgate.json.perRound.join(", ")} json; target >= 2x). Tollgate's CPU per request: ${cpuLine(summary.cache.vsTollgate, "tollgate+cache")}. Answers with x-tollgate-cache: hit: ${cacheCounts.map((c) => `${c.hits} of ${c.hits + c.other} (${c.mix})`).join(", ")}; usage rows ${cachedRows.hit} hit, ${cachedRows.miss} miss (the warm request${cachedRows.miss > 1 ? ", and lookups the store answered as misses" : ""}).`,
        `Metering: ${answered} answered Tollgate requests (warm-up included), ${metered} usage rows in Postgres.`,
        `Cluster (TOLLGATE_WEB_PROCESSES=${CLUSTER_PROCESSES}, plain Tollgate's key, CPU summed over the supervisor and its web processes): ${Math.round(summary.ratios.clusterVsBareMixed * 100)}% of bare mixed, ${Math.round(summary.ratios.clusterVsBareJson * 100)}% json; ${summary.ratios.clusterVsTollgateMixed}x one process's requests/s mixed, ${summary.ratios.clusterVsTollgateJson}x json; CPU per request ${r("mixed", "tollgate-cluster").cpuUsPerReq} µs mixed, ${r("json", "tollgate-cluster").cpuUsPerReq} µs json.`,
        `Ingest off these cores (tollgate~worker-stopped: plain Tollgate with the usage worker stopped during its runs, so neither the worker nor Postgres takes CPU then; its events are stored after): ${Math.round(summary.ratios.workerStoppedVsBareMixed * 100)}% of bare mixed, ${Math.round(summary.ratios.workerStoppedVsBareJson * 100)}% json; added p99 at ${FIXED_RATE}/s ${added("mixed", "tollgate~worker-stopped").p99} ms mixed, ${added("json", "tollgate~worker-stopped").p99} ms json (plain Tollgate with the worker running: ${added("mixed", "tollgate").p99} / ${added("json", "tollgate").p99} ms). The share of the machine the ingest takes is the difference. Not a target: diagnostic only.`,
        `CPU per request against the bare forwarder (same run): ${summary.cpuVsBare.mixed}x mixed, ${summary.cpuVsBare.json}x json (target <= 2x); with budgets and rate limits ${summary.cpuVsBare.limitsMixed}x mixed, ${summary.cpuVsBare.limitsJson}x json.`,
        "",
        `Event loop and GC of the answering process during the fixed-rate runs (${FIXED_RATE}/s; medians of the rounds; GC from PerformanceObserver "gc", delay from monitorEventLoopDelay at 1 ms resolution):`,
        "",
        "| mix | target | request p99 ms | event-loop delay p50 / p99 / max ms | GC pauses per s | GC ms per s | longest GC pause ms | GC pauses > 2 ms | major GCs |",
        "|---|---|---|---|---|---|---|---|---|",
        ...loopRows,
        "",
        `Tollgate's own time per request during the fixed-rate runs (${FIXED_RATE}/s; tollgate_proxy_overhead_seconds from its /metrics: each request's time in the proxy less its upstream's, from sending to the upstream's last byte; time a request waits before its handler runs is not in it, see the event-loop delay above; medians of the rounds; p50 and p99 interpolated within the histogram's buckets, the share within 3 ms exact). Target: p99 <= 3 ms for tollgate and tollgate+limits, both mixes: ${summary.targets.ownTimeP99AtMost3ms ? "met" : "missed"}.`,
        "",
        "| mix | target | own time p50 / p99 ms | p99 per round ms | share within 3 ms | added p99 over direct ms (client-side) |",
        "|---|---|---|---|---|---|",
        ...ownTimeRows,
        "",
        "CPU time of every process taking part, per answered request of the throughput runs (µs, medians of the rounds; the load generator is the bench process running autocannon). The cores are shared, so requests/s follow the total, not the answering process alone:",
        "",
        `| mix | target | ${MACHINE_PARTS.map(machinePartName).join(" | ")} | total |`,
        `|---|---|${MACHINE_PARTS.map(() => "---").join("|")}|---|`,
        ...plan.flatMap(({ mix, targets: group }) => group.filter((t) => t.name !== "portkey").map((t) => machineRow(mix, t.name, r(mix, t.name).machineCpuUsPerReq))),
        "",
        baselineLine(summary.baseline),
      ],
      summary,
    );
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

/**
 * The targets of a round: in their order in odd rounds, reversed in even ones. The host drifts within a
 * round (one round's plain Tollgate ran 23% faster than the routing run right after it), and a fixed order
 * would hand every round's drift to the same side of each comparison; alternating cancels a steady drift.
 */
function inRoundOrder<T>(targets: T[], round: number): T[] {
  return round % 2 === 1 ? targets : [...targets].reverse();
}

/** Throughput rounds of the chosen targets only (interleaved as in the full run), each compared round by round with plain Tollgate when it ran. */
async function runPartial(chosen: Target[], mixes: Mix[], cachedOrgId: string, db: ReturnType<typeof createDbClient>) {
  for (const t of chosen) {
    await autocannon({
      url: t.url, method: "POST", connections: 10, duration: 2, headers: { "content-type": "application/json", ...t.headers },
      ...(t.requests ? { requests: t.requests.json } : { body: body(false) }),
    });
  }
  const runs: Record<string, Sample[]> = {};
  const fixedRuns: Record<string, Sample[]> = {};
  for (let round = 1; round <= REPEATS; round++) {
    for (const mix of mixes) {
      for (const t of inRoundOrder(chosen, round)) {
        const sample = await load(t, mix);
        (runs[`${mix}:${t.name}`] ??= []).push(sample);
        const slow = PARTIAL_FIXED_RATE ? await load(t, mix, FIXED_RATE) : null;
        if (slow) (fixedRuns[`${mix}:${t.name}`] ??= []).push(slow);
        console.log(`round ${round} ${mix} ${t.name}: ${Math.round(sample.rps)} req/s${sample.cpuUsPerReq === null ? "" : ` (${sample.cpuUsPerReq} µs CPU/req)`}${slow ? `; at ${FIXED_RATE}/s p50 ${slow.p50} ms p99 ${slow.p99} ms${slow.overhead ? `, own time p50 ${slow.overhead.p50Ms} ms p99 ${slow.overhead.p99Ms} ms` : ""}` : ""}`);
      }
    }
  }
  const rows: string[] = [];
  const machineRows: string[] = [];
  const summary: Record<string, unknown> = {};
  for (const mix of mixes) {
    for (const t of chosen) {
      const samples = runs[`${mix}:${t.name}`]!;
      const plain = runs[`${mix}:tollgate`];
      const perRound = plain && t.name !== "tollgate" ? samples.map((s, i) => +(s.rps / plain[i]!.rps).toFixed(3)) : null;
      const cpus = samples.map((s) => s.cpuUsPerReq).filter((v): v is number => v !== null);
      const entry = {
        rps: Math.round(median(samples.map((s) => s.rps))), cpuUsPerReq: cpus.length ? median(cpus) : null,
        failed: samples.reduce((n, s) => n + s.failed, 0), vsTollgate: perRound && { perRound, median: +median(perRound).toFixed(3) },
        ...(t.countCache ? { cacheHits: samples.reduce((n, s) => n + s.cacheHits, 0), cacheOther: samples.reduce((n, s) => n + s.cacheOther, 0) } : {}),
        machineCpuUsPerReq: machineMedians(samples),
        ...(fixedRuns[`${mix}:${t.name}`] ? { atFixedRate: { p50: median(fixedRuns[`${mix}:${t.name}`]!.map((x) => x.p50)), p99: median(fixedRuns[`${mix}:${t.name}`]!.map((x) => x.p99)), p99PerRound: fixedRuns[`${mix}:${t.name}`]!.map((x) => x.p99), ownTimeMs: summariseOwnTime(fixedRuns[`${mix}:${t.name}`]!), loop: summariseLoop(fixedRuns[`${mix}:${t.name}`]!) } } : {}),
      };
      summary[`${mix}:${t.name}`] = entry;
      machineRows.push(machineRow(mix, t.name, entry.machineCpuUsPerReq));
      rows.push(`| ${mix} | ${t.name} | ${entry.rps} | ${entry.cpuUsPerReq ?? "-"} | ${perRound ? `${entry.vsTollgate!.median}x (${perRound.join(", ")})` : "-"} | ${entry.failed} |${PARTIAL_FIXED_RATE ? ` ${entry.atFixedRate!.p50} / ${entry.atFixedRate!.p99} (${entry.atFixedRate!.p99PerRound.join(", ")}) | ${partialLoopCell(entry.atFixedRate!.loop)} |` : ""}`);
    }
  }
  const cacheRows = chosen.some((t) => t.name === "tollgate+cache") ? await cachedRowCounts(db, cachedOrgId) : null;
  await db.$disconnect();
  const date = new Date().toISOString();
  await reportBenchmark(
    `bench:proxy (partial: ${chosen.map((t) => t.name).join(", ")}; ${mixes.join(", ")}), ${date.slice(0, 10)}`,
    [
      `Machine: ${describeMachine()}. ${CONNECTIONS} connections; ${REPEATS} rounds of ${DURATION_S} s per target and mix, interleaved (the order reversed every other round); ${PARTIAL_FIXED_RATE ? `each throughput run followed by a run at ${FIXED_RATE}/s` : "throughput runs only (no fixed-rate runs)"}; medians. A partial run (BENCH_TARGETS / BENCH_MIXES) is never taken as the CPU baseline.`,
      "",
      `| mix | target | max req/s (2xx) | CPU µs/req (answering process) | vs plain Tollgate, median of per-round ratios (rounds) | failed |${PARTIAL_FIXED_RATE ? ` p50 / p99 ms at ${FIXED_RATE}/s (p99 per round) | at ${FIXED_RATE}/s: longest GC pause ms / GC pauses > 2 ms / major GCs / event-loop delay max ms (medians) |` : ""}`,
      `|---|---|---|---|---|---|${PARTIAL_FIXED_RATE ? "---|---|" : ""}`,
      ...rows,
      "",
      "CPU time of every process taking part, per answered request (µs, medians of the rounds):",
      "",
      `| mix | target | ${MACHINE_PARTS.map(machinePartName).join(" | ")} | total |`,
      `|---|---|${MACHINE_PARTS.map(() => "---").join("|")}|---|`,
      ...machineRows,
      ...(cacheRows ? ["", `Cache: answers with x-tollgate-cache: hit: ${mixes.map((m) => { const e = summary[`${m}:tollgate+cache`] as { cacheHits: number; cacheOther: number }; return `${e.cacheHits} of ${e.cacheHits + e.cacheOther} (${m})`; }).join(", ")}; usage rows so far ${cacheRows.hit} hit, ${cacheRows.miss} miss.`] : []),
    ],
    { bench: "proxy-partial", date, machine: describeMachine(), connections: CONNECTIONS, durationS: DURATION_S, repeats: REPEATS, results: summary, cacheUsageRows: cacheRows },
  );
}

function abKeyFor(like: string, keys: Record<string, string>): string {
  const key = keys[like];
  if (!key) throw new Error(`BENCH_AB_LIKE must be one of ${Object.keys(keys).join(", ")}`);
  return key;
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

function machineMedians(samples: Sample[]): Record<MachinePart | "total", number> {
  const parts = Object.fromEntries(MACHINE_PARTS.map((part) => [part, Math.round(median(samples.map((x) => x.machine[part])))])) as Record<MachinePart, number>;
  return { ...parts, total: Math.round(median(samples.map((x) => MACHINE_PARTS.reduce((n, part) => n + x.machine[part], 0)))) };
}
const machinePartName = (part: MachinePart) => ({ answering: "answering process", worker: "usage worker", postgres: "Postgres", redis: "Redis", upstream: "fake upstream", loadGenerator: "load generator" })[part];
const machineRow = (mix: Mix, name: string, m: Record<MachinePart | "total", number>) => `| ${mix} | ${name} | ${MACHINE_PARTS.map((part) => m[part]).join(" | ")} | ${m.total} |`;
const cpuCell = (r: { cpuUsPerReq: number | null; workerCpuUsPerReq: number | null }) => (r.cpuUsPerReq === null ? "-" : `${r.cpuUsPerReq}${r.workerCpuUsPerReq === null ? "" : ` / ${r.workerCpuUsPerReq}`}`);
function cpuLine(v: Record<Mix, { proxyCpuUsPerReq: Record<string, number | null> }>, name: string): string {
  return (["mixed", "json"] as Mix[]).map((mix) => `${v[mix].proxyCpuUsPerReq.tollgate} µs plain, ${v[mix].proxyCpuUsPerReq[name]} µs ${name.replace("tollgate+", "")} (${mix})`).join("; ");
}
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Medians over the fixed-rate rounds of what the loop probe saw (null for targets without a probe). */
/** Medians over the rounds of Tollgate's own time per request at the fixed rate (null for other targets). */
function summariseOwnTime(samples: Sample[]) {
  const seen = samples.map((s) => s.overhead).filter((o): o is OverheadSummary => o !== null);
  if (seen.length === 0) return null;
  const m = (f: (o: OverheadSummary) => number) => +median(seen.map(f)).toFixed(4);
  return { p50: m((o) => o.p50Ms), p99: m((o) => o.p99Ms), within3ms: m((o) => o.within3ms), p99PerRound: seen.map((o) => o.p99Ms) };
}

function summariseLoop(samples: Sample[]) {
  const seen = samples.map((s) => s.loop).filter((l): l is ProbeSnapshot => l !== null);
  if (seen.length === 0) return null;
  const m = (f: (l: ProbeSnapshot) => number) => +median(seen.map(f)).toFixed(2);
  const perS = (l: ProbeSnapshot, n: number) => (n * 1000) / Math.max(1, l.wallMs);
  return {
    eventLoopDelayMs: { p50: m((l) => l.eventLoopDelayMs.p50), p99: m((l) => l.eventLoopDelayMs.p99), max: m((l) => l.eventLoopDelayMs.max) },
    gcPausesPerS: m((l) => perS(l, l.gc.count)),
    gcMsPerS: m((l) => perS(l, l.gc.totalMs)),
    gcMaxPauseMs: m((l) => l.gc.maxMs),
    gcPausesOver2ms: m((l) => l.gc.over2ms),
    majorGcs: m((l) => l.gc.major.count),
  };
}

function partialLoopCell(l: ReturnType<typeof summariseLoop>): string {
  return l ? `${l.gcMaxPauseMs} / ${l.gcPausesOver2ms} / ${l.majorGcs} / ${l.eventLoopDelayMs.max}` : "-";
}

function loopRow(mix: Mix, name: string, result: { p99: number; loop: ReturnType<typeof summariseLoop> }): string {
  const l = result.loop;
  if (!l) return `| ${mix} | ${name} | ${result.p99} | - | - | - | - | - | - |`;
  return `| ${mix} | ${name} | ${result.p99} | ${l.eventLoopDelayMs.p50} / ${l.eventLoopDelayMs.p99} / ${l.eventLoopDelayMs.max} | ${l.gcPausesPerS} | ${l.gcMsPerS} | ${l.gcMaxPauseMs} | ${l.gcPausesOver2ms} | ${l.majorGcs} |`;
}

function baselineLine(baseline: { date: string; comparisons: ReturnType<typeof compareCpuBaseline> } | null): string {
  if (!baseline) return "Baseline: no earlier bench:proxy run recorded in BENCHMARKS.md.";
  const fmt = (c: ReturnType<typeof compareCpuBaseline>[number]) => `${c.key} ${c.before.cpuUsPerReq} -> ${c.now.cpuUsPerReq} µs (${c.before.vsBare}x -> ${c.now.vsBare}x bare, ${c.changePercent >= 0 ? "+" : ""}${c.changePercent}%)`;
  const regressions = baseline.comparisons.filter((c) => c.regression);
  return [
    `Baseline (the previous recorded run, ${baseline.date}; compared on CPU per request relative to the bare forwarder of the same run, as absolute µs move with the machine): ${baseline.comparisons.map(fmt).join("; ")}.`,
    regressions.length
      ? `**CPU regression of more than ${REGRESSION_PERCENT}% against the baseline: ${regressions.map((c) => c.key).join(", ")}.** The cause must be written below this section.`
      : `No Tollgate target regressed by more than ${REGRESSION_PERCENT}%.`,
  ].join(" ");
}

/** The first request stores the answer (a miss), the second must be answered from the cache. */
async function warmCache(url: string, apiKey: string) {
  const send = async () => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` }, body: body(false) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`cache warm-up answered ${res.status}`);
    return res.headers.get("x-tollgate-cache");
  };
  const first = await send();
  await new Promise((r) => setTimeout(r, 200)); // the put is not awaited by the response
  const second = await send();
  if (first !== "miss" || second !== "hit") throw new Error(`the cache does not answer the bench's requests (first ${first}, then ${second})`);
  return { first, second };
}

/** The routed org's usage rows per rule, and attempts after the first (a fallback: the fake upstream never fails, so 0). */
async function routedRowCounts(db: ReturnType<typeof createDbClient>, orgId: string) {
  const rows = await db.$queryRaw<{ rule: string | null; attempt: number; n: bigint }[]>`
    SELECT routing->>'ruleId' AS rule, attempt, count(*) AS n FROM usage_event WHERE org_id = ${orgId} GROUP BY 1, 2`;
  const byRule: Record<string, number> = {};
  for (const r of rows) byRule[r.rule ?? "none"] = (byRule[r.rule ?? "none"] ?? 0) + Number(r.n);
  return { byRule, fallbackAttempts: rows.filter((r) => r.attempt > 0).reduce((n, r) => n + Number(r.n), 0) };
}

async function cachedRowCounts(db: ReturnType<typeof createDbClient>, orgId: string) {
  const rows = await db.$queryRaw<{ status: string | null; n: bigint }[]>`
    SELECT routing->'cache'->>'status' AS status, count(*) AS n FROM usage_event WHERE org_id = ${orgId} GROUP BY 1`;
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { hit: count("hit"), miss: count("miss"), other: rows.filter((r) => r.status !== "hit" && r.status !== "miss").reduce((n, r) => n + Number(r.n), 0) };
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
