// The fake upstream as several processes sharing one port (node:cluster), for
// the harness's accuracy runs: one process writing 32 streams' chunks due at
// the same instant serialises them (its own lateness, not the client's);
// a real upstream serves concurrent streams in parallel. FAKE_PROCESSES sets
// how many (the harness passes BENCH_FAKE_PROCESSES, default 1); the other FAKE_* variables as fake-upstream-server.ts.
import cluster from "node:cluster";

const processes = Number(process.env.FAKE_PROCESSES ?? 2);

if (cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < processes; i++) {
    const worker = cluster.fork();
    worker.on("message", (m) => {
      if (m === "ready" && ++ready === processes) console.log(`ready ${processes} processes`);
    });
  }
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
    setTimeout(() => process.exit(0), 500).unref();
  });
} else {
  const { startFakeUpstream } = await import("../../tests/support/fake-upstream");
  const upstream = await startFakeUpstream(
    { completionTokens: Number(process.env.FAKE_COMPLETION_TOKENS ?? 20), ttftMs: Number(process.env.FAKE_TTFT_MS ?? 0), tokensPerSecond: Number(process.env.FAKE_TOKENS_PER_SECOND ?? 0) },
    { port: Number(process.env.PORT ?? 0) },
  );
  setInterval(() => (upstream.requests.length = 0), 1000).unref();
  process.send?.("ready");
  process.on("SIGTERM", () => void upstream.close().then(() => process.exit(0)));
}
