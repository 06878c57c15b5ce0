// The fake OpenAI-compatible upstream as its own process, for benchmarks.
import { startFakeUpstream } from "../../tests/support/fake-upstream";

const upstream = await startFakeUpstream(
  { completionTokens: Number(process.env.FAKE_COMPLETION_TOKENS ?? 20), ttftMs: Number(process.env.FAKE_TTFT_MS ?? 0), tokensPerSecond: Number(process.env.FAKE_TOKENS_PER_SECOND ?? 0) },
  { port: Number(process.env.PORT ?? 0) },
);
console.log(`ready ${upstream.url}`);
process.on("SIGTERM", () => void upstream.close().then(() => process.exit(0)));
// Requests are recorded for tests; a benchmark would fill memory with them.
setInterval(() => (upstream.requests.length = 0), 1000).unref();
