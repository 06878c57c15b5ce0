// npm run bench:harness: is Tollgate's benchmark harness (the load driver,
// the streaming client and the timing formulas the worker runs) accurate,
// and fast enough never to be the bottleneck?
// 1. Accuracy: against the fake upstream set to a known TTFT and token rate,
//    at concurrency 1, 8 and 32, the measured median TTFT and TPOT must be
//    within 2% (or 2 ms) of the configured values.
//    Fixed concurrency N means N requests in flight, not N synchronised: the
//    lanes' first starts are staggered over one request's duration
//    (driveLoad's laneStaggerMs). Against a real server the lanes drift
//    apart by themselves, because answers differ in length; vLLM's
//    benchmark_serving never holds them together either (with
//    --max-concurrency a semaphore admits a request whenever another ends,
//    and --request-rate / --ramp-up-strategy spread the arrivals). Every
//    answer of this fake takes exactly the same time, so lanes started
//    together stay in lock-step for the whole run: 32 requests arrive, 32
//    first chunks fall due and 32 streams end at the same instant, and the
//    loopback fake (one event loop) writes them one after another, so the
//    last is late by the time the other 31 took. That is the fake's lateness,
//    measured by the bare undici client too; staggering removes the
//    artificial burst, not any of the client's own delay. The bare undici
//    baseline is driven the same way, and a lock-step row at the highest
//    concurrency is kept in the table for comparison (BENCH_LOCKSTEP=0 drops it).
//    Only requests that were in flight with all N lanes busy for their whole
//    life are counted (the ramp-up and the drain are left out, where fewer
//    than N are in flight); the table says how many were. TTFT is always
//    request sent to first content chunk, nothing is subtracted.
// 2. Speed: small non-streamed requests at concurrency 64 for a few seconds:
//    the harness must sustain at least 2,000 requests/s, compared with a bare
//    undici loop (request, read the body) in the same run.
// The fake runs in its own process; rounds are interleaved; medians reported.
import { Agent, request } from "undici";
import { performance } from "node:perf_hooks";
import { driveLoad } from "../lib/benchmarks/drive-load";
import { measureRequestTimings } from "../lib/benchmarks/metrics/measure-request-timings";
import { sendBenchmarkRequest } from "../lib/benchmarks/send-benchmark-request";
import { describeMachine, median } from "./support/machine";
import { reportBenchmark } from "./support/record-result";
import { startProcess } from "./support/start-process";
import { freePort } from "../tests/support/local-services";

const TTFT_MS = 200;
const TOKENS_PER_SECOND = 50;
const OUTPUT_TOKENS = 20;
const TPOT_MS = 1000 / TOKENS_PER_SECOND;
const CONCURRENCIES = [1, 8, 32];
/** One streamed answer's duration at the fake's settings: TTFT, then a chunk every TPOT. */
const REQUEST_MS = TTFT_MS + (OUTPUT_TOKENS - 1) * TPOT_MS;
/** Requests per lane: the first and the last of each lane overlap the ramp-up and the drain, the rest are counted. */
const REQUESTS_PER_LANE = 5;
const LOCKSTEP_ROW = process.env.BENCH_LOCKSTEP !== "0";
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SPEED_SECONDS = Number(process.env.BENCH_DURATION ?? 5);
const SPEED_CONCURRENCY = 64;
// The timed fake's processes (one port): see bench/support/fake-upstream-cluster.ts.
const FAKE_PROCESSES = Number(process.env.BENCH_FAKE_PROCESSES ?? 1);

const chatBody = (stream: boolean) => ({ model: "fake-model", messages: [{ role: "user", content: "Say something short." }], max_tokens: OUTPUT_TOKENS, ...(stream ? {} : { stream: false }) });

/** One uncounted wave at this concurrency first (as a run's warm-up does): connections are open before anything is timed. */
async function warmUp(baseUrl: string, dispatcher: Agent, concurrency: number) {
  await Promise.all(Array.from({ length: concurrency }, async () => {
    const res = await request(`${baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...chatBody(true), stream: true }), dispatcher });
    await res.body.text();
  }));
}

interface Setting {
  concurrency: number;
  /** Lanes started together and kept in lock-step (the comparison row), instead of staggered. */
  lockstep: boolean;
}

interface Timed {
  index: number;
  sentMs: number;
  endMs: number;
  ttftMs: number;
  tpotMs: number | null;
}

/**
 * The requests that ran with every lane busy from their send to their end: sent once the last lane
 * made its first start, ended before the first lane found no more work (the first end after the
 * last start: until then every end is followed at once by its lane's next start).
 */
function atFullConcurrency(timed: readonly Timed[], lanes: number): Timed[] {
  const allStarted = Math.max(...timed.filter((t) => t.index < lanes).map((t) => t.sentMs));
  const lastSent = Math.max(...timed.map((t) => t.sentMs));
  const firstIdle = Math.min(...timed.filter((t) => t.endMs >= lastSent).map((t) => t.endMs));
  return timed.filter((t) => t.sentMs >= allStarted && t.endMs <= firstIdle);
}

/** Drives `send` at the setting's concurrency (staggered or in lock-step) and keeps the requests measured at full concurrency. */
async function driveTimed(baseUrl: string, dispatcher: Agent, setting: Setting, send: () => Promise<Omit<Timed, "index">>) {
  const { concurrency } = setting;
  await warmUp(baseUrl, dispatcher, concurrency);
  const timed: Timed[] = [];
  await driveLoad({
    items: Array.from({ length: Math.max(concurrency * REQUESTS_PER_LANE, 12) }, (_, i) => i),
    profile: concurrency === 1 ? { kind: "sequential" } : { kind: "concurrency", concurrency },
    laneStaggerMs: setting.lockstep ? 0 : REQUEST_MS,
    shouldStop: () => false,
    send: async (index) => {
      timed.push({ index, ...(await send()) });
    },
  });
  return atFullConcurrency(timed, concurrency);
}

async function measureAccuracy(baseUrl: string, dispatcher: Agent, setting: Setting) {
  const counted = await driveTimed(baseUrl, dispatcher, setting, async () => {
    const outcome = await sendBenchmarkRequest({ proxyBaseUrl: baseUrl, apiKey: "unused", body: chatBody(true), stream: true, timeoutMs: 30_000, tags: [], dispatcher });
    if (outcome.errorClass) throw new Error(`accuracy request failed: ${outcome.error}`);
    const t = measureRequestTimings({ sentAtMs: outcome.sentAtMs, chunkTimesMs: outcome.chunkTimesMs, endMs: outcome.endMs, outputTokens: outcome.outputTokens });
    return { sentMs: outcome.sentAtMs, endMs: outcome.endMs, ttftMs: t.ttftMs, tpotMs: t.tpotMs };
  });
  return { ttftMs: median(counted.map((t) => t.ttftMs)), tpotMs: median(counted.flatMap((t) => (t.tpotMs === null ? [] : [t.tpotMs]))), counted: counted.length };
}

/** The floor: a bare undici stream read at the same setting, first content chunk timed, no parsing beyond a substring test. */
async function measureBareTtft(baseUrl: string, dispatcher: Agent, setting: Setting) {
  const body = JSON.stringify({ ...chatBody(true), stream: true });
  const counted = await driveTimed(baseUrl, dispatcher, setting, async () => {
    const sent = performance.now();
    const res = await request(`${baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body, dispatcher });
    let first: number | null = null;
    for await (const chunk of res.body) {
      if (first === null && (chunk as Buffer).includes('"content":"tok')) first = performance.now();
    }
    if (first === null) throw new Error("bare request: no content chunk");
    return { sentMs: sent, endMs: performance.now(), ttftMs: first - sent, tpotMs: null };
  });
  return median(counted.map((t) => t.ttftMs));
}

/** Requests per second over SPEED_SECONDS with `concurrency` lanes each sending back to back. */
async function rate(send: () => Promise<void>): Promise<number> {
  let done = 0;
  const until = performance.now() + SPEED_SECONDS * 1000;
  const lane = async () => {
    while (performance.now() < until) {
      await send();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: SPEED_CONCURRENCY }, lane));
  return (done * 1000) / (performance.now() - started);
}

async function main() {
  const [slowPort, fastPort] = [await freePort(), await freePort()];
  const slow = await startProcess("fake upstream (timed)", ["--import", "tsx", "bench/support/fake-upstream-cluster.ts"], { PORT: String(slowPort), FAKE_PROCESSES: String(FAKE_PROCESSES), FAKE_TTFT_MS: String(TTFT_MS), FAKE_TOKENS_PER_SECOND: String(TOKENS_PER_SECOND), FAKE_COMPLETION_TOKENS: String(OUTPUT_TOKENS) }, /ready/);
  const fast = await startProcess("fake upstream (fast)", ["--import", "tsx", "bench/support/fake-upstream-server.ts"], { PORT: String(fastPort), FAKE_COMPLETION_TOKENS: "1" }, /ready/);
  const slowUrl = `http://127.0.0.1:${slowPort}/v1`;
  const fastUrl = `http://127.0.0.1:${fastPort}/v1`;
  const dispatcher = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
  try {
    const settings: Setting[] = CONCURRENCIES.map((concurrency) => ({ concurrency, lockstep: false }));
    if (LOCKSTEP_ROW) settings.push({ concurrency: CONCURRENCIES.at(-1)!, lockstep: true });
    const accuracy = settings.map(() => ({ ttftMs: [] as number[], tpotMs: [] as number[], bareTtftMs: [] as number[], counted: [] as number[] }));
    const speed = { harness: [] as number[], bare: [] as number[] };
    const smallBody = JSON.stringify(chatBody(false));
    for (let round = 0; round < REPEATS; round++) {
      for (const [i, setting] of settings.entries()) {
        const r = await measureAccuracy(slowUrl, dispatcher, setting);
        accuracy[i]!.ttftMs.push(r.ttftMs);
        accuracy[i]!.tpotMs.push(r.tpotMs);
        accuracy[i]!.counted.push(r.counted);
        accuracy[i]!.bareTtftMs.push(await measureBareTtft(slowUrl, dispatcher, setting));
      }
      speed.bare.push(await rate(async () => {
        const res = await request(`${fastUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer unused" }, body: smallBody, dispatcher });
        await res.body.text();
      }));
      speed.harness.push(await rate(async () => {
        const outcome = await sendBenchmarkRequest({ proxyBaseUrl: fastUrl, apiKey: "unused", body: chatBody(false), stream: false, timeoutMs: 30_000, tags: [], dispatcher });
        if (outcome.errorClass) throw new Error(`speed request failed: ${outcome.error}`);
        measureRequestTimings({ sentAtMs: outcome.sentAtMs, chunkTimesMs: outcome.chunkTimesMs, endMs: outcome.endMs, outputTokens: outcome.outputTokens });
      }));
    }
    const within = (measured: number, expected: number) => Math.abs(measured - expected) <= Math.max(0.02 * expected, 2);
    const allRows = settings.map((setting, i) => {
      const a = accuracy[i]!;
      const ttft = median(a.ttftMs);
      const tpot = median(a.tpotMs);
      return {
        concurrency: setting.concurrency, lanes: setting.lockstep ? "lock-step" : setting.concurrency === 1 ? "sequential" : "staggered", countedPerRound: Math.min(...a.counted),
        bareTtftMs: round2(median(a.bareTtftMs)), ttftMs: round2(ttft), ttftErrorPercent: round2(((ttft - TTFT_MS) / TTFT_MS) * 100), tpotMs: round2(tpot), tpotErrorPercent: round2(((tpot - TPOT_MS) / TPOT_MS) * 100), ttftOk: within(ttft, TTFT_MS), tpotOk: within(tpot, TPOT_MS),
      };
    });
    // The target is read on the harness's own way of driving load; the lock-step row is the comparison.
    const rows = allRows.filter((r) => r.lanes !== "lock-step");
    const harnessRps = Math.round(median(speed.harness));
    const bareRps = Math.round(median(speed.bare));
    const machine = describeMachine();
    const lines = [
      `Machine: ${machine}. Timed fake upstream: ${FAKE_PROCESSES === 1 ? "one process" : `${FAKE_PROCESSES} processes on one port (node:cluster)`}: TTFT ${TTFT_MS} ms, ${TOKENS_PER_SECOND} tokens/s (TPOT ${TPOT_MS} ms), ${OUTPUT_TOKENS} output tokens, streamed. ${REPEATS} interleaved rounds, each measurement after one uncounted warm-up wave at its concurrency; ${REQUESTS_PER_LANE} requests per lane, lanes' first starts staggered over one request's duration (${REQUEST_MS} ms) unless marked lock-step, and only requests in flight with every lane busy counted; medians of each round's median. Speed: non-streamed 1-token answers, ${SPEED_CONCURRENCY} lanes back to back for ${SPEED_SECONDS} s; the baseline is a bare undici loop (request, read the body) in the same run, same connection pool.`,
      "",
      "| concurrency | lanes | requests counted per round | TTFT ms (set 200) | error | bare undici TTFT ms | TPOT ms (set 20) | error | within 2% or 2 ms |",
      "|---|---|---|---|---|---|---|---|---|",
      ...allRows.map((r) => `| ${r.concurrency} | ${r.lanes} | ${r.countedPerRound} | ${r.ttftMs} | ${r.ttftErrorPercent}% | ${r.bareTtftMs} | ${r.tpotMs} | ${r.tpotErrorPercent}% | ${r.lanes === "lock-step" ? `(comparison) ${r.ttftOk && r.tpotOk ? "yes" : "no"}` : r.ttftOk && r.tpotOk ? "yes" : "no"} |`),
      "",
      `| loop | requests/s |`,
      "|---|---|",
      `| Tollgate harness (sendBenchmarkRequest + timings) | ${harnessRps} |`,
      `| bare undici loop | ${bareRps} |`,
      "",
      `Harness: ${harnessRps} requests/s (target >= 2,000), ${Math.round((harnessRps / bareRps) * 100)}% of the bare loop.`,
    ];
    await reportBenchmark(`bench:harness, ${new Date().toISOString().slice(0, 10)}`, lines, {
      bench: "harness", date: new Date().toISOString(), machine, configured: { ttftMs: TTFT_MS, tpotMs: TPOT_MS, outputTokens: OUTPUT_TOKENS }, repeats: REPEATS,
      accuracy: allRows, speed: { harnessRps, bareRps, ratio: round2(harnessRps / bareRps), concurrency: SPEED_CONCURRENCY, seconds: SPEED_SECONDS },
      targets: { accuracyWithin2PercentOr2ms: rows.every((r) => r.ttftOk && r.tpotOk), atLeast2000Rps: harnessRps >= 2000 },
    });
  } finally {
    await dispatcher.close();
    await slow.stop();
    await fast.stop();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
