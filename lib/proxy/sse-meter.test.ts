import { describe, expect, it } from "vitest";
import { SseMeter } from "./sse-meter";

const chunk = (content: string) => `data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}],"usage":null}\n\n`;
const usage = `data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":1}}}\n\n`;
const stream = chunk("Hel") + chunk("lo") + usage + "data: [DONE]\n\n";

describe("SseMeter", () => {
  it("reads usage from the last chunk and hides that chunk from clients that did not ask", () => {
    const meter = new SseMeter(true);
    // Split at awkward places, as TCP does.
    const bytes = Buffer.from(stream);
    let out = "";
    for (let i = 0; i < bytes.length; i += 7) out += meter.push(bytes.subarray(i, i + 7)).toString();
    out += meter.flush();
    expect(meter.usage).toEqual({ inputTokens: 12, cachedInputTokens: 4, cacheWriteTokens: 0, outputTokens: 3, reasoningTokens: 1 });
    expect(meter.sawDone).toBe(true);
    expect(out).not.toContain('"usage":{');
    expect(out).not.toContain('"choices":[]');
    expect(out).toContain('"content":"Hel"');
    expect(out.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(meter.firstContentAt).not.toBeNull();
  });

  it("keeps the upstream's own bytes when asked (the usage chunk a client does not see included), up to a limit", () => {
    const meter = new SseMeter(true);
    expect(meter.rawText()).toBeNull();
    meter.keepRaw(1024);
    const bytes = Buffer.from(stream);
    for (let i = 0; i < bytes.length; i += 7) meter.push(bytes.subarray(i, i + 7));
    expect(meter.rawText()).toBe(stream);
    const small = new SseMeter(true);
    small.keepRaw(stream.length - 1);
    small.push(bytes);
    expect(small.rawText()).toBeNull();
  });

  it("passes everything through unchanged for clients that asked for usage", () => {
    const meter = new SseMeter(false);
    expect(meter.push(Buffer.from(stream)).toString() + meter.flush()).toBe(stream);
    expect(meter.usage?.outputTokens).toBe(3);
  });

  it("keeps the streamed text of a cut-off stream for estimation", () => {
    const meter = new SseMeter(true);
    meter.push(Buffer.from(chunk("Hello") + chunk(" world") + 'data: {"id":"c","choi'));
    meter.flush();
    expect(meter.usage).toBeNull();
    expect(meter.sawDone).toBe(false);
    expect(meter.streamedText()).toBe("Hello world");
  });

  it("knows a finished stream from a cut one: [DONE], a finish_reason or a terminal Responses event", () => {
    const finished = (text: string) => {
      const meter = new SseMeter(false);
      meter.push(Buffer.from(text));
      meter.flush();
      return meter.finished;
    };
    const stop = 'data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n';
    expect(finished(stream)).toBe(true);
    expect(finished(chunk("Hel") + stop)).toBe(true);
    expect(finished(chunk("Hel") + chunk("lo"))).toBe(false);
    // The words inside generated text are escaped, so they never count.
    expect(finished(chunk('say \\"finish_reason\\":\\"stop\\" and response.completed'))).toBe(false);
    expect(finished('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"hi"}\n\n')).toBe(false);
    expect(finished('event: response.completed\ndata: {"type":"response.completed","response":{"id":"r"}}\n\n')).toBe(true);
  });

  it("passes the events before the usage chunk through as bytes when the whole answer comes in one read", () => {
    const meter = new SseMeter(true);
    const out = meter.push(Buffer.from(stream));
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(out.toString() + meter.flush()).toBe(chunk("Hel") + chunk("lo") + "data: [DONE]\n\n");
    expect(meter.usage?.inputTokens).toBe(12);
    expect(meter.sawDone).toBe(true);
    expect(meter.finished).toBe(true);
    expect(meter.firstContentAt).not.toBeNull();
    expect(meter.streamedText()).toBe("Hello");
  });

  it("meters a usage chunk that opens the read like any other", () => {
    const meter = new SseMeter(false);
    expect(meter.push(Buffer.from(usage + "data: [DONE]\n\n")).toString()).toBe(usage + "data: [DONE]\n\n");
    expect(meter.usage?.outputTokens).toBe(3);
    expect(meter.sawDone).toBe(true);
  });
});
