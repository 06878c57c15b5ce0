// The replay as the real OpenAI SDK reads it: the bytes are served by a local
// HTTP server, read with chat.completions.create({ stream: true }) chunk by
// chunk, and with chat.completions.stream(), whose accumulator checks what a
// stream must hold (role, finish_reason, tool call ids, types and names).
import http from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sseFromCachedCompletion } from "./sse-from-cached-completion";

let server: http.Server;
let client: OpenAI;
let next: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume().on("end", () => res.writeHead(200, { "content-type": "text/event-stream" }).end(next));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  client = new OpenAI({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, apiKey: "test", maxRetries: 0 });
});
afterAll(() => new Promise((r) => server.close(r)));

const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
const completion = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
  id: "chatcmpl-1", object: "chat.completion", created: 1_760_000_000, model: "gpt-5-mini-2025-08-07", system_fingerprint: "fp_1", service_tier: "default", choices, usage, ...extra,
});
const text = (content: string, index = 0) => ({ index, message: { role: "assistant", content, refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" });
const request = { model: "gpt-5-mini", messages: [{ role: "user" as const, content: "hi" }] };

function replay(cached: unknown, includeUsage = false): Buffer {
  const bytes = sseFromCachedCompletion(Buffer.from(JSON.stringify(cached)), { includeUsage });
  expect(bytes).not.toBeNull();
  return bytes!;
}

async function chunksOf(bytes: Buffer): Promise<ChatCompletionChunk[]> {
  next = bytes;
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of await client.chat.completions.create({ ...request, stream: true })) chunks.push(chunk);
  return chunks;
}

async function finalOf(bytes: Buffer) {
  next = bytes;
  return client.chat.completions.stream({ ...request, stream: true }).finalChatCompletion();
}

describe("sseFromCachedCompletion through the OpenAI SDK", () => {
  it("replays a text answer: the content, its finish, no usage unless asked, then [DONE]", async () => {
    const cached = completion([text("Paris.")]);
    const bytes = replay(cached);
    expect(bytes.toString().endsWith("data: [DONE]\n\n")).toBe(true);
    const chunks = await chunksOf(bytes);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Paris.");
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === "chatcmpl-1" && !("usage" in c))).toBe(true);
    const final = await finalOf(bytes);
    expect(final.choices[0]!.message).toMatchObject({ role: "assistant", content: "Paris." });
    expect(final.choices[0]!.finish_reason).toBe("stop");
    expect(final.usage).toBeUndefined();
  });

  it("sends the usage chunk last when the client asked for it", async () => {
    const bytes = replay(completion([text("Paris.")]), true);
    const chunks = await chunksOf(bytes);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect((await finalOf(bytes)).usage).toEqual(usage);
  });

  it("replays tool calls with their ids, types, names and arguments", async () => {
    const toolCalls = [
      { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      { id: "call_2", type: "function", function: { name: "get_time", arguments: '{"tz":"Europe/Paris"}' } },
    ];
    const cached = completion([{ index: 0, message: { role: "assistant", content: null, refusal: null, tool_calls: toolCalls }, logprobs: null, finish_reason: "tool_calls" }]);
    const bytes = replay(cached);
    const deltas = (await chunksOf(bytes)).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas.map((d) => [d.index, d.id, d.function?.name])).toEqual([[0, "call_1", "get_weather"], [1, "call_2", "get_time"]]);
    const final = await finalOf(bytes);
    expect(final.choices[0]!.message.tool_calls).toEqual(toolCalls);
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
  });

  it("replays every choice of an n > 1 answer, a refusal and logprobs", async () => {
    const logprobs = { content: [{ token: "Yes", logprob: -0.1, bytes: [89, 101, 115], top_logprobs: [] }], refusal: null };
    const cached = completion([
      { ...text("Yes"), logprobs },
      { index: 1, message: { role: "assistant", content: null, refusal: "I can't help with that." }, logprobs: null, finish_reason: "stop" },
    ]);
    const final = await finalOf(replay(cached));
    expect(final.choices).toHaveLength(2);
    expect(final.choices[0]!.message.content).toBe("Yes");
    expect(final.choices[0]!.logprobs?.content).toEqual(logprobs.content);
    expect(final.choices[1]!.message.refusal).toBe("I can't help with that.");
  });

  it("keeps content that looks like SSE framing intact", async () => {
    const tricky = "line 1\n\ndata: [DONE]\r\n\rdata: {}\u2028 \u0000 é 🐈";
    const final = await finalOf(replay(completion([text(tricky)])));
    expect(final.choices[0]!.message.content).toBe(tricky);
  });

  it("gives null for what it cannot replay", () => {
    const no = (body: unknown) => sseFromCachedCompletion(Buffer.from(typeof body === "string" ? body : JSON.stringify(body)), { includeUsage: false });
    expect(no("not json")).toBeNull();
    expect(no({ object: "list", data: [{ embedding: [0.1] }] })).toBeNull();
    expect(no(completion([]))).toBeNull();
    expect(no(completion([{ index: 0, message: { role: "assistant", content: null, audio: { id: "audio_1", data: "AAAA" } }, finish_reason: "stop" }]))).toBeNull();
  });
});
