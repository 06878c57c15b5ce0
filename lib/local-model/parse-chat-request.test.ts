import { describe, expect, it } from "vitest";
import { ProxyError } from "../proxy/proxy-error";
import { parseChatRequest } from "./parse-chat-request";

const limits = { contextSize: 4096 };
const body = (extra: Record<string, unknown> = {}) => ({ model: "tollgate-tiny", messages: [{ role: "user", content: "hi" }], ...extra });

function refusal(b: Record<string, unknown>) {
  try {
    parseChatRequest(b, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ProxyError);
    const e = error as ProxyError;
    return { status: e.status, code: e.code, param: e.param, message: e.message, type: e.type };
  }
  throw new Error("expected a refusal");
}

describe("parseChatRequest", () => {
  it("reads OpenAI's defaults", () => {
    expect(parseChatRequest(body(), limits)).toEqual({
      model: "tollgate-tiny", messages: [{ role: "user", text: "hi" }], stream: false, includeUsage: false,
      maxTokens: null, temperature: 1, topP: null, seed: null, stop: [],
    });
  });

  it("reads streaming, usage, limits and sampling", () => {
    const r = parseChatRequest(body({ stream: true, stream_options: { include_usage: true }, max_tokens: 16, max_completion_tokens: 8, temperature: 0, top_p: 0.9, seed: 42, stop: "END" }), limits);
    expect(r).toMatchObject({ stream: true, includeUsage: true, maxTokens: 8, temperature: 0, topP: 0.9, seed: 42, stop: ["END"] });
    expect(parseChatRequest(body({ max_tokens: 16 }), limits).maxTokens).toBe(16);
    expect(parseChatRequest(body({ stop: ["a", "", "b"] }), limits).stop).toEqual(["a", "b"]);
  });

  it("maps roles and text parts; tools and response_format are ignored, not refused", () => {
    const r = parseChatRequest(body({
      messages: [
        { role: "developer", content: "be brief" },
        { role: "user", content: [{ type: "text", text: "one " }, { type: "text", text: "two" }] },
        { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "c1", content: "42" },
      ],
      tools: [{ type: "function", function: { name: "f", parameters: {} } }], tool_choice: "auto", response_format: { type: "json_object" },
    }), limits);
    expect(r.messages).toEqual([
      { role: "system", text: "be brief" }, { role: "user", text: "one two" }, { role: "assistant", text: "" }, { role: "user", text: "Tool result: 42" },
    ]);
  });

  it("reduces any 64-bit seed to llama.cpp's 32 bits, the same way every time", () => {
    expect(parseChatRequest(body({ seed: -1 }), limits).seed).toBe(4294967295);
    expect(parseChatRequest(body({ seed: 2 ** 40 + 5 }), limits).seed).toBe(5);
  });

  it("refuses what is missing or mistyped, naming the field", () => {
    expect(refusal({ messages: [] })).toMatchObject({ status: 400, code: "missing_required_parameter", param: "model", type: "invalid_request_error" });
    expect(refusal({ model: "m" })).toMatchObject({ code: "missing_required_parameter", param: "messages" });
    expect(refusal(body({ messages: [] }))).toMatchObject({ code: "empty_array", param: "messages" });
    expect(refusal(body({ messages: "hi" }))).toMatchObject({ param: "messages" });
    expect(refusal(body({ messages: [null] }))).toMatchObject({ param: "messages[0]" });
    expect(refusal(body({ messages: [{ role: "wizard", content: "x" }] }))).toMatchObject({ code: "invalid_value", param: "messages[0].role" });
    expect(refusal(body({ messages: [{ role: "user" }] }))).toMatchObject({ code: "missing_required_parameter", param: "messages[0].content" });
    expect(refusal(body({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:," } }] }] })))
      .toMatchObject({ code: "unsupported_value", param: "messages[0].content[0].type" });
    expect(refusal(body({ stream: "yes" }))).toMatchObject({ code: "invalid_type", param: "stream" });
    expect(refusal(body({ stream_options: { include_usage: 1 } }))).toMatchObject({ param: "stream_options.include_usage" });
    expect(refusal(body({ temperature: 3 }))).toMatchObject({ code: "invalid_value", param: "temperature" });
    expect(refusal(body({ top_p: "high" }))).toMatchObject({ code: "invalid_type", param: "top_p" });
    expect(refusal(body({ seed: 1.5 }))).toMatchObject({ param: "seed" });
    expect(refusal(body({ stop: ["a", "b", "c", "d", "e"] }))).toMatchObject({ code: "array_above_max_length", param: "stop" });
    expect(refusal(body({ stop: [1] }))).toMatchObject({ param: "stop" });
    expect(refusal(body({ n: 2 }))).toMatchObject({ code: "unsupported_value", param: "n" });
    expect(refusal(body({ model: 7 }))).toMatchObject({ param: "model" });
  });

  it("refuses token limits that are not positive integers or exceed the context", () => {
    for (const v of [0, -1, 1.5, "16", true]) expect(refusal(body({ max_tokens: v }))).toMatchObject({ status: 400, param: "max_tokens" });
    expect(refusal(body({ max_tokens: 1e300 }))).toMatchObject({ code: "invalid_value", param: "max_tokens", message: expect.stringContaining("at most 4096 tokens") });
    expect(refusal(body({ max_completion_tokens: 4097 }))).toMatchObject({ code: "invalid_value", param: "max_completion_tokens" });
    expect(parseChatRequest(body({ max_tokens: 4096 }), limits).maxTokens).toBe(4096);
  });
});
