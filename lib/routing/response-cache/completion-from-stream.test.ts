import { describe, expect, it } from "vitest";
import { completionFromStream } from "./completion-from-stream";
import { sseFromCachedCompletion } from "./sse-from-cached-completion";

const usage = { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } };
const head = { id: "chatcmpl-9", object: "chat.completion.chunk", created: 1_760_000_000, model: "gpt-5-mini-2025-08-07", system_fingerprint: "fp_2", service_tier: "default" };
const sse = (chunks: unknown[], done = true) => `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join("")}${done ? "data: [DONE]\n\n" : ""}`;
const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({ ...head, choices, usage: null, ...extra });
const delta = (d: Record<string, unknown>, finish: string | null = null, index = 0) => ({ index, delta: d, logprobs: null, finish_reason: finish });

/** A stream as OpenAI sends one: the role, content in pieces, the finish, then the usage chunk. */
const streamed = sse([
  chunk([delta({ role: "assistant", content: "", refusal: null })]),
  chunk([delta({ content: "Hello" })]),
  chunk([delta({ content: " there" })]),
  chunk([delta({}, "stop")]),
  chunk([], { usage }),
]);

const parse = (b: Buffer | null) => JSON.parse(b!.toString("utf8")) as Record<string, unknown>;

describe("completionFromStream", () => {
  it("rebuilds the JSON completion a non-streaming request gets", () => {
    expect(parse(completionFromStream(streamed))).toEqual({
      id: "chatcmpl-9", object: "chat.completion", created: 1_760_000_000, model: "gpt-5-mini-2025-08-07", service_tier: "default", system_fingerprint: "fp_2",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello there", refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
      usage,
    });
  });

  it("is the inverse of the cache's own replay (several choices, tool calls, a refusal)", () => {
    const original = {
      id: "chatcmpl-1", object: "chat.completion", created: 5, model: "m",
      choices: [
        { index: 0, message: { role: "assistant", content: null, refusal: null, annotations: [], tool_calls: [{ id: "call_1", type: "function", function: { name: "get", arguments: '{"a":1}' } }, { id: "call_2", type: "function", function: { name: "put", arguments: "{}" } }] }, logprobs: null, finish_reason: "tool_calls" },
        { index: 1, message: { role: "assistant", content: null, refusal: "I can't help with that.", annotations: [] }, logprobs: null, finish_reason: "stop" },
      ],
      usage,
    };
    const replay = sseFromCachedCompletion(Buffer.from(JSON.stringify(original)), { includeUsage: true })!;
    expect(parse(completionFromStream(replay.toString("utf8")))).toEqual(original);
  });

  it("joins tool call arguments streamed in pieces, as upstreams send them", () => {
    const text = sse([
      chunk([delta({ role: "assistant", content: null, tool_calls: [{ index: 0, id: "call_x", type: "function", function: { name: "lookup", arguments: "" } }] })]),
      chunk([delta({ tool_calls: [{ index: 0, function: { arguments: '{"q":' } }] })]),
      chunk([delta({ tool_calls: [{ index: 0, function: { arguments: '"tea"}' } }] })]),
      chunk([delta({}, "tool_calls")]),
      chunk([], { usage }),
    ]);
    const message = (parse(completionFromStream(text)).choices as { message: { tool_calls: unknown } }[])[0]!.message;
    expect(message.tool_calls).toEqual([{ id: "call_x", type: "function", function: { name: "lookup", arguments: '{"q":"tea"}' } }]);
  });

  it("accepts CRLF framing, comments and obfuscation padding", () => {
    const text = `: keep-alive\r\n\r\n${streamed.replaceAll("\n\n", "\r\n\r\n")}`.replace('"usage":null', '"usage":null,"obfuscation":"abc"');
    expect(parse(completionFromStream(text)).choices).toEqual(parse(completionFromStream(streamed)).choices);
  });

  it("gives up on anything it cannot rebuild exactly", () => {
    const without = (drop: number) => sse([
      chunk([delta({ role: "assistant", content: "" })]), chunk([delta({ content: "Hi" })]), chunk([delta({}, "stop")]), chunk([], { usage }),
    ].filter((_, i) => i !== drop));
    expect(completionFromStream(without(-1))).not.toBeNull();
    const cases: Record<string, string> = {
      "no finish (cut off)": without(2),
      "no usage chunk": without(3),
      "nothing at all": "",
      "a broken chunk": `${streamed.slice(0, 40)}\n\n`,
      "logprobs": streamed.replace('"logprobs":null,"finish_reason":"stop"', '"logprobs":{"content":[]},"finish_reason":"stop"'),
      "an unknown delta field": streamed.replace('"content":"Hello"', '"content":"Hello","audio":{"id":"a"}'),
      "an unknown chunk field": streamed.replace('"usage":null', '"usage":null,"surprise":1'),
      "an error event": `${streamed}event: error\ndata: {"error":{}}\n\n`,
      "two completions mixed": streamed.replace('"id":"chatcmpl-9","object":"chat.completion.chunk","created":1760000000,"model":"gpt-5-mini-2025-08-07","system_fingerprint":"fp_2","service_tier":"default","choices":[{"index":0,"delta":{"content":" there"}', '"id":"other","object":"chat.completion.chunk","created":1760000000,"model":"gpt-5-mini-2025-08-07","system_fingerprint":"fp_2","service_tier":"default","choices":[{"index":0,"delta":{"content":" there"}'),
      "a tool call without its id": sse([chunk([delta({ tool_calls: [{ index: 0, function: { name: "f", arguments: "{}" } }] })]), chunk([delta({}, "tool_calls")]), chunk([], { usage })]),
      "a choice missing": sse([chunk([delta({ content: "x" }, "stop", 1)]), chunk([], { usage })]),
    };
    for (const [name, text] of Object.entries(cases)) expect(completionFromStream(text), name).toBeNull();
  });
});
