// npm run bench:harness: is Tollgate's benchmark harness (the load driver,
// the streaming client and the timing formulas the worker runs) accurate,
// and fast enough never to be the bottleneck?
// 1. Accuracy: against the fake upstream set to a known TTFT and token rate,
//    at concurrency 1, 8 and 32, the measured median TTFT and TPOT must be
//    within 2% (or 2 ms) of the configured values.
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

async function measureAccuracy(baseUrl: string, dispatcher: Agent, concurrency: number) {
  const ttft: number[] = [];
  const tpot: number[] = [];
  await warmUp(baseUrl, dispatcher, concurrency);
  const items = Array.from({ length: Math.max(concurrency * 3, 12) }, (_, i) => i);
  await driveLoad({
    items,
    profile: concurrency === 1 ? { kind: "sequential" } : { kind: "concurrency", concurrency },
    shouldStop: () => false,
    send: async () => {
      const outcome = await sendBenchmarkRequest({ proxyBaseUrl: baseUrl, apiKey: "unused", body: chatBody(true), stream: true, timeoutMs: 30_000, tags: [], dispatcher });
      if (outcome.errorClass) throw new Error(`accuracy request failed: ${outcome.error}`);
      const t = measureRequestTimings({ sentAtMs: outcome.sentAtMs, chunkTimesMs: outcome.chunkTimesMs, endMs: outcome.endMs, outputTokens: outcome.outputTokens });
      ttft.push(t.ttftMs);
      if (t.tpotMs !== null) tpot.push(t.tpotMs);
    },
  });
  return { ttftMs: median(ttft), tpotMs: median(tpot), requests: items.length };
}

/** The floor: a bare undici stream read at the same concurrency, first content chunk timed, no parsing beyond a substring test. */
async function measureBareTtft(baseUrl: string, dispatcher: Agent, concurrency: number) {
  const ttft: number[] = [];
  const body = JSON.stringify({ ...chatBody(true), stream: true });
  await warmUp(baseUrl, dispatcher, concurrency);
  await driveLoad({
    items: Array.from({ length: Math.max(concurrency * 3, 12) }, (_, i) => i),
    profile: concurrency === 1 ? { kind: "sequential" } : { kind: "concurrency", concurrency },
    shouldStop: () => false,
    send: async () => {
      const sent = performance.now();
      const res = await request(`${baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body, dispatcher });
      let first: number | null = null;
      for await (const chunk of res.body) {
        if (first === null && (chunk as Buffer).includes('"content":"tok')) first = performance.now();
      }
      if (first !== null) ttft.push(first - sent);
    },
  });
  return median(ttft);
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
    const accuracy: Record<number, { ttftMs: number[]; tpotMs: number[]; bareTtftMs: number[] }> = {};
    const speed = { harness: [] as number[], bare: [] as number[] };
    const smallBody = JSON.stringify(chatBody(false));
    for (let round = 0; round < REPEATS; round++) {
      for (const c of CONCURRENCIES) {
        const r = await measureAccuracy(slowUrl, dispatcher, c);
        (accuracy[c] ??= { ttftMs: [], tpotMs: [], bareTtftMs: [] }).ttftMs.push(r.ttftMs);
        accuracy[c].tpotMs.push(r.tpotMs);
        accuracy[c].bareTtftMs.push(await measureBareTtft(slowUrl, dispatcher, c));
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
    const rows = CONCURRENCIES.map((c) => {
      const ttft = median(accuracy[c]!.ttftMs);
      const tpot = median(accuracy[c]!.tpotMs);
      return { concurrency: c, bareTtftMs: round2(median(accuracy[c]!.bareTtftMs)), ttftMs: round2(ttft), ttftErrorPercent: round2(((ttft - TTFT_MS) / TTFT_MS) * 100), tpotMs: round2(tpot), tpotErrorPercent: round2(((tpot - TPOT_MS) / TPOT_MS) * 100), ttftOk: within(ttft, TTFT_MS), tpotOk: within(tpot, TPOT_MS) };
    });
    const harnessRps = Math.round(median(speed.harness));
    const bareRps = Math.round(median(speed.bare));
    const machine = describeMachine();
    const lines = [
      `Machine: ${machine}. Timed fake upstream: ${FAKE_PROCESSES} processes on one port (node:cluster): TTFT ${TTFT_MS} ms, ${TOKENS_PER_SECOND} tokens/s (TPOT ${TPOT_MS} ms), ${OUTPUT_TOKENS} output tokens, streamed. ${REPEATS} interleaved rounds, each measurement after one uncounted warm-up wave at its concurrency; medians of each round's median. Speed: non-streamed 1-token answers, ${SPEED_CONCURRENCY} lanes back to back for ${SPEED_SECONDS} s; the baseline is a bare undici loop (request, read the body) in the same run, same connection pool.`,
      "",
      "| concurrency | TTFT ms (set 200) | error | bare undici TTFT ms | TPOT ms (set 20) | error | within 2% or 2 ms |",
      "|---|---|---|---|---|---|---|",
      ...rows.map((r) => `| ${r.concurrency} | ${r.ttftMs} | ${r.ttftErrorPercent}% | ${r.bareTtftMs} | ${r.tpotMs} | ${r.tpotErrorPercent}% | ${r.ttftOk && r.tpotOk ? "yes" : "no"} |`),
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
      accuracy: rows, speed: { harnessRps, bareRps, ratio: round2(harnessRps / bareRps), concurrency: SPEED_CONCURRENCY, seconds: SPEED_SECONDS },
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
