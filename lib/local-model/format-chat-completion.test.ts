import { describe, expect, it } from "vitest";
import { ChatCompletionChunks, chatCompletionJson, usageOf } from "./format-chat-completion";

const meta = { id: "chatcmpl-1", model: "tollgate-tiny", created: 1_800_000_000 };
const events = (sse: string) => sse.split("\n\n").filter(Boolean).map((e) => { expect(e.startsWith("data: ")).toBe(true); return e.slice(6); });

describe("chat completion formats", () => {
  it("the JSON answer carries the message, finish_reason and usage", () => {
    expect(chatCompletionJson(meta, "hello", "length", usageOf(5, 3))).toEqual({
      id: "chatcmpl-1", object: "chat.completion", created: 1_800_000_000, model: "tollgate-tiny",
      choices: [{ index: 0, message: { role: "assistant", content: "hello", refusal: null }, logprobs: null, finish_reason: "length" }],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
  });

  it("a stream without include_usage: role, content, finish, [DONE]; no usage field anywhere", () => {
    const c = new ChatCompletionChunks(meta, false);
    const all = events(c.role() + c.content("he said \"hi\"\n") + c.end("stop", usageOf(5, 3)));
    expect(all.at(-1)).toBe("[DONE]");
    const chunks = all.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.map((ch) => ch.choices[0].delta)).toEqual([{ role: "assistant", content: "" }, { content: "he said \"hi\"\n" }, {}]);
    expect(chunks.map((ch) => ch.choices[0].finish_reason)).toEqual([null, null, "stop"]);
    for (const ch of chunks) expect(ch).toMatchObject({ id: "chatcmpl-1", object: "chat.completion.chunk", model: "tollgate-tiny" });
    for (const ch of chunks) expect("usage" in ch).toBe(false);
  });

  it("with include_usage every chunk has usage: null and a last chunk with no choices carries it", () => {
    const c = new ChatCompletionChunks(meta, true);
    const chunks = events(c.role() + c.content("x") + c.end("length", usageOf(2, 1))).slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.slice(0, -1).map((ch) => ch.usage)).toEqual([null, null, null]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 } });
  });

  it("content is written as \"content\":\"…\" without spaces (the proxy's first-token marker) and empty role content is not content", () => {
    const c = new ChatCompletionChunks(meta, false);
    expect(c.content("a")).toContain('"content":"a"');
    expect(c.role()).toContain('"content":""');
  });

  it("an error after the stream started is an OpenAI error event", () => {
    const e = JSON.parse(events(new ChatCompletionChunks(meta, false).error("boom"))[0]!);
    expect(e).toEqual({ error: { message: "boom", type: "server_error", param: null, code: "generation_failed" } });
  });
});
