// A fake OpenAI-compatible upstream for tests and benchmarks: a real HTTP
// server speaking the OpenAI wire format (JSON and SSE streams, usage in the
// last chunk only when asked, errors), with configurable time to first
// token, tokens per second, error rate (with retry headers) and streams cut
// off mid-answer (the socket dropped, or the body ended without a finish).
// Answers are "tok tok ..." filler unless a test gives their content or tool
// calls (so a benchmark can be made right or wrong). Timing is scheduled
// against the request's arrival, not chained timers: the first content chunk
// leaves ttftMs after the request arrived, chunk i at ttftMs + i x 1000 /
// tokensPerSecond, so a client measures TTFT and TPOT without drift at any
// concurrency.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

type RequestBody = Record<string, unknown>;

/** A tool call the fake answers with (streamed as OpenAI tool_call deltas, and in the JSON message). */
export interface FakeToolCall {
  /** Defaults to call_<request>_<index>. */
  id?: string;
  function: { name: string; arguments: string };
}

export interface FakeBehaviour {
  /** Tokens in each completion. */
  completionTokens: number;
  /** Reported cached prompt tokens (prompt_tokens_details.cached_tokens). */
  cachedTokens: number;
  reasoningTokens: number;
  ttftMs: number;
  /** 0 = as fast as possible. */
  tokensPerSecond: number;
  /** Share of requests answered with `errorStatus`. */
  errorRate: number;
  errorStatus: number;
  /** The error answer's body instead of the default OpenAI-shaped one (e.g. a context-length error). */
  errorBody?: string;
  /** Headers sent with error answers (e.g. retry-after and x-ratelimit-* on a 429). */
  errorHeaders: Record<string, string>;
  /** Close the socket after this many streamed tokens (undefined = never). */
  disconnectAfterTokens?: number;
  /** End the response cleanly after this many streamed tokens, with no finish_reason, usage or [DONE] (undefined = never). */
  endStreamAfterTokens?: number;
  /** Finish streams without the closing `data: [DONE]` (finish_reason and usage still sent; some servers do). */
  omitDone: boolean;
  /** Never report usage, even when asked (some local servers). */
  omitUsage: boolean;
  /** Delay before any response byte, for timeout tests. */
  hangMs: number;
  /** After a stream's [DONE], the body stays open until this resolves (an upstream slow to end its response); `closed` tells whether the proxy hung up meanwhile. */
  endAfterDone?: (held: { closed: () => boolean }) => Promise<void>;
  /** A stream's headers sent at once, before its first token (as OpenAI's API does), not with the first chunk. */
  headersFirst: boolean;
  /**
   * The answer's text instead of the filler (chat completions and responses): streamed one word per
   * chunk (each word with the whitespace before it), one token per chunk, and usage counts the chunks.
   */
  content?: string | ((body: RequestBody) => string);
  /** Tool calls to answer with (chat completions): a header chunk per call, then its arguments 4 characters a chunk, one token per chunk. */
  toolCalls?: (body: RequestBody) => FakeToolCall[];
}

export const defaultBehaviour: FakeBehaviour = {
  completionTokens: 20,
  cachedTokens: 0,
  reasoningTokens: 0,
  ttftMs: 0,
  tokensPerSecond: 0,
  errorRate: 0,
  errorStatus: 500,
  errorHeaders: {},
  omitDone: false,
  omitUsage: false,
  hangMs: 0,
  headersFirst: false,
};

export interface FakeUpstream {
  url: string;
  port: number;
  behaviour: FakeBehaviour;
  /** Requests received, newest last (bodies parsed; receivedAtMs is performance.now() when each arrived, the clock its delays count from). */
  requests: { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown>; receivedAtMs: number }[];
  set: (b: Partial<FakeBehaviour>) => void;
  reset: () => void;
  close: () => Promise<void>;
}

// Waits until a performance.now() deadline. A timer may fire up to a millisecond early (the
// event loop's clock is coarse): then it is re-armed for what is left, so no chunk leaves early.
function sleepUntil(deadline: number): Promise<void> | null {
  if (performance.now() >= deadline) return null;
  return new Promise((resolve) => {
    const check = () => {
      const left = deadline - performance.now();
      if (left <= 0) resolve();
      else setTimeout(check, left);
    };
    check();
  });
}

/** Splits text into pieces that join back to it exactly: each word with the whitespace before it. */
export function splitIntoWords(text: string): string[] {
  const pieces: string[] = [...(text.match(/\s*\S+/g) ?? [])];
  const rest = text.slice(pieces.join("").length);
  if (rest) {
    if (pieces.length) pieces[pieces.length - 1] += rest;
    else pieces.push(rest);
  }
  return pieces;
}

const ARGUMENT_CHARS_PER_CHUNK = 4;

interface Answer {
  /** Null for a tool-call answer without text. */
  text: string | null;
  toolCalls: { id: string; type: "function"; function: { name: string; arguments: string } }[];
  /** One streamed chunk each, one token each. */
  deltas: Record<string, unknown>[];
}

// What the answer is and how it streams: the test's content and tool calls, else the filler.
function planAnswer(b: FakeBehaviour, body: RequestBody, requestId: string): Answer {
  const calls = (b.toolCalls?.(body) ?? []).map((c, index) => ({ id: c.id ?? `call_${requestId}_${index}`, type: "function" as const, function: { name: c.function.name, arguments: c.function.arguments } }));
  const given = typeof b.content === "function" ? b.content(body) : b.content;
  const text = given ?? (b.toolCalls ? null : "tok ".repeat(b.completionTokens).trim());
  const deltas: Record<string, unknown>[] = splitIntoWords(text ?? "").map((content) => ({ content }));
  calls.forEach((c, index) => {
    deltas.push({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.function.name, arguments: "" } }] });
    const chars = Array.from(c.function.arguments);
    for (let i = 0; i < chars.length; i += ARGUMENT_CHARS_PER_CHUNK) {
      deltas.push({ tool_calls: [{ index, function: { arguments: chars.slice(i, i + ARGUMENT_CHARS_PER_CHUNK).join("") } }] });
    }
  });
  return { text, toolCalls: calls, deltas };
}

/** Prompt size as the fake counts it: whitespace-separated words of every message text. */
export function fakePromptTokens(body: Record<string, unknown>): number {
  const texts: string[] = [];
  const collect = (v: unknown) => {
    if (typeof v === "string") texts.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") texts.push(o.text);
      if (o.content !== undefined) collect(o.content);
    }
  };
  collect(body.messages ?? body.input);
  return Math.max(1, texts.join(" ").split(/\s+/).filter(Boolean).length);
}

function errorBody(status: number) {
  const type = status === 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
  return JSON.stringify({ error: { message: `fake upstream error ${status}`, type, param: null, code: status === 429 ? "rate_limit_exceeded" : null } });
}

export async function startFakeUpstream(initial: Partial<FakeBehaviour> = {}, options: { port?: number } = {}): Promise<FakeUpstream> {
  const state: FakeUpstream = {
    url: "",
    port: 0,
    behaviour: { ...defaultBehaviour, ...initial },
    requests: [],
    set: (b) => Object.assign(state.behaviour, b),
    reset: () => {
      state.behaviour = { ...defaultBehaviour, ...initial };
      state.requests = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  let seq = 0;

  const server = http.createServer(async (req, res) => {
    // Every delay is scheduled from here, the moment the request arrived.
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? "").split("?")[0]!;
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end(errorBody(400));
      return;
    }
    if (state.requests.length < 10_000) state.requests.push({ path, headers: req.headers, body, receivedAtMs: arrivedAt });
    const b = state.behaviour;
    const startAt = arrivedAt + b.hangMs;
    await sleepUntil(startAt);
    if (b.errorRate > 0 && Math.random() < b.errorRate) {
      res.writeHead(b.errorStatus, { "content-type": "application/json", ...b.errorHeaders }).end(b.errorBody ?? errorBody(b.errorStatus));
      return;
    }
    const model = String(body.model ?? "fake-model");
    const id = `fake-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const promptTokens = fakePromptTokens(body);

    if (req.method === "GET" && path.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "fake-model", object: "model", created, owned_by: "fake" }] }));
      return;
    }
    if (path.endsWith("/embeddings")) {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const data = inputs.map((_, index) => ({ object: "embedding", index, embedding: [0.1, 0.2, 0.3] }));
      const out = { object: "list", data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } };
      if (b.omitUsage) delete (out as Partial<typeof out>).usage;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
      return;
    }
    if (!path.endsWith("/responses") && !path.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(errorBody(404));
      return;
    }
    let answer: Answer;
    try {
      answer = planAnswer(b, body, String(seq));
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `fake upstream: the test's content or toolCalls failed: ${(e as Error).message}`, type: "server_error", param: null, code: null } }));
      return;
    }
    const completionTokens = answer.deltas.length;
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: Math.min(b.cachedTokens, promptTokens) },
      completion_tokens_details: { reasoning_tokens: Math.min(b.reasoningTokens, completionTokens) },
    };

    if (path.endsWith("/responses")) {
      const out: Record<string, unknown> = {
        id: `resp_${seq}`, object: "response", created_at: created, status: "completed", model,
        output: [{ type: "message", id: `msg_${seq}`, status: "completed", role: "assistant", content: [{ type: "output_text", text: answer.text ?? "", annotations: [] }] }],
        usage: { input_tokens: promptTokens, input_tokens_details: { cached_tokens: usage.prompt_tokens_details.cached_tokens }, output_tokens: completionTokens, output_tokens_details: { reasoning_tokens: usage.completion_tokens_details.reasoning_tokens }, total_tokens: usage.total_tokens },
      };
      if (b.omitUsage) delete out.usage;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
      return;
    }

    const gap = b.tokensPerSecond ? 1000 / b.tokensPerSecond : 0;
    const firstAt = startAt + b.ttftMs;
    const finish = answer.toolCalls.length ? "tool_calls" : "stop";
    if (body.stream !== true) {
      // The whole answer is ready when its last token would have streamed.
      await sleepUntil(firstAt + Math.max(0, completionTokens - 1) * gap);
      const message = { role: "assistant", content: answer.text, refusal: null, ...(answer.toolCalls.length ? { tool_calls: answer.toolCalls } : {}) };
      const out: Record<string, unknown> = {
        id, object: "chat.completion", created, model, system_fingerprint: null,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
        usage,
      };
      if (b.omitUsage) delete out.usage;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
      return;
    }

    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    if (b.headersFirst) res.flushHeaders();
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: null, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) })}\n\n`;
    await sleepUntil(firstAt);
    if (res.destroyed) return;
    res.write(chunk({ role: "assistant", content: answer.text === null ? null : "", refusal: null }, null));
    for (let i = 0; i < completionTokens; i++) {
      if (b.disconnectAfterTokens !== undefined && i >= b.disconnectAfterTokens) {
        // Drop after the bytes written so far have left (a late, loaded process writes them all at
        // once, and destroying with them still buffered here would drop the headers too).
        const socket = res.socket;
        for (let n = 0; socket && socket.writableLength > 0 && n < 500; n++) await new Promise((r) => setTimeout(r, 1));
        socket?.destroy();
        return;
      }
      if (b.endStreamAfterTokens !== undefined && i >= b.endStreamAfterTokens) {
        res.end();
        return;
      }
      // Chunk i leaves at firstAt + i x gap, however late the previous one was.
      const wait = sleepUntil(firstAt + i * gap);
      if (wait) await wait;
      if (res.destroyed) return;
      res.write(chunk(answer.deltas[i]!, null));
    }
    res.write(chunk({}, finish));
    if (includeUsage && !b.omitUsage) {
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: null, choices: [], usage })}\n\n`);
    }
    if (b.endAfterDone && !b.omitDone) {
      res.write("data: [DONE]\n\n");
      await b.endAfterDone({ closed: () => res.destroyed || res.socket === null || res.socket.destroyed });
      res.end();
      return;
    }
    res.end(b.omitDone ? "" : "data: [DONE]\n\n");
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(options.port ?? 0, "127.0.0.1", () => r()));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}/v1`;
  return state;
}
