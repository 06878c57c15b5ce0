// The benchmark client against the fake upstream (a real HTTP server in the
// OpenAI wire format): what it records for streamed, JSON, tool-call, cut,
// refused and hung answers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeUpstream, type FakeUpstream } from "@/tests/support/fake-upstream";
import { sendBenchmarkRequest } from "./send-benchmark-request";

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.reset());

const send = (stream: boolean, timeoutMs = 5000) =>
  sendBenchmarkRequest({ proxyBaseUrl: upstream.url, apiKey: "k", body: { model: "m", messages: [{ role: "user", content: "hi there" }] }, stream, timeoutMs, tags: ["benchmark:t"] });

describe("sendBenchmarkRequest", () => {
  it("records a streamed answer: text, one arrival per content chunk, usage, no error", async () => {
    upstream.set({ content: "one two three four", tokensPerSecond: 50 });
    const out = await send(true);
    expect(out.errorClass).toBeNull();
    expect(out.output).toBe("one two three four");
    // One arrival per network read that carried content: 4 chunks 20 ms apart, which a loaded machine may read two at a time.
    expect(out.chunkTimesMs.length).toBeGreaterThanOrEqual(2);
    expect(out.chunkTimesMs.length).toBeLessThanOrEqual(4);
    expect(out.chunkTimesMs.every((t, i) => t >= out.sentAtMs && (i === 0 || t >= out.chunkTimesMs[i - 1]!))).toBe(true);
    expect([out.inputTokens, out.outputTokens]).toEqual([2, 4]);
    expect(upstream.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(upstream.requests[0]!.headers["x-tollgate-tags"]).toBe("benchmark:t");
  });

  it("records a JSON answer as one arrival", async () => {
    upstream.set({ content: "fine" });
    const out = await send(false);
    expect([out.errorClass, out.output, out.chunkTimesMs.length, out.outputTokens]).toEqual([null, "fine", 1, 1]);
  });

  it("assembles streamed tool calls", async () => {
    upstream.set({ toolCalls: () => [{ function: { name: "get_weather", arguments: JSON.stringify({ city: "Oslo" }) } }] });
    const out = await send(true);
    expect(out.errorClass).toBeNull();
    expect(out.toolCalls).toEqual([{ id: expect.any(String), type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } }]);
    expect(out.chunkTimesMs.length).toBeGreaterThan(0);
  });

  it("classes a stream cut mid-answer, and one that ends without [DONE], as cut_stream, keeping what arrived", async () => {
    upstream.set({ content: "a b c d e f", disconnectAfterTokens: 2, tokensPerSecond: 100 });
    const cut = await send(true);
    expect(cut.errorClass).toBe("cut_stream");
    // What arrived before the cut is kept (and graded by nothing: the request failed).
    expect(cut.output.length).toBeGreaterThan(0);
    expect(cut.output.length).toBeLessThan("a b c d e f".length);
    upstream.set({ disconnectAfterTokens: undefined, endStreamAfterTokens: 3 });
    const ended = await send(true);
    expect([ended.errorClass, ended.error]).toEqual(["cut_stream", "the stream ended without [DONE]"]);
  });

  it("classes refusals by status: 429 rate_limited, 5xx upstream_5xx, other 4xx client_4xx, with the error's message", async () => {
    for (const [status, errorClass] of [[429, "rate_limited"], [503, "upstream_5xx"], [400, "client_4xx"]] as const) {
      upstream.set({ errorRate: 1, errorStatus: status });
      const out = await send(true);
      expect([out.httpStatus, out.errorClass]).toEqual([status, errorClass]);
      expect(out.error).toMatch(new RegExp(`^${status} .*fake upstream error ${status}`));
    }
  });

  it("times out a request that hangs", async () => {
    upstream.set({ hangMs: 2000 });
    const out = await send(true, 200);
    expect(out.errorClass).toBe("timeout");
    expect(out.endMs - out.sentAtMs).toBeLessThan(1500);
  });

  it("a server that is not there is a network error", async () => {
    const out = await sendBenchmarkRequest({ proxyBaseUrl: "http://127.0.0.1:9/v1", apiKey: "k", body: {}, stream: true, timeoutMs: 2000, tags: [] });
    expect(out.errorClass).toBe("network");
  });
});
