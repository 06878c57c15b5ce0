// A fake OpenAI-compatible upstream for tests and benchmarks: a real HTTP
// server speaking the OpenAI wire format (JSON and SSE streams, usage in the
// last chunk only when asked, errors), with configurable time to first
// token, tokens per second, error rate (with retry headers) and streams cut
// off mid-answer (the socket dropped, or the body ended without a finish).
import http from "node:http";
import type { AddressInfo } from "node:net";

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
};

export interface FakeUpstream {
  url: string;
  port: number;
  behaviour: FakeBehaviour;
  /** Requests received, newest last (bodies parsed). */
  requests: { path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[];
  set: (b: Partial<FakeBehaviour>) => void;
  reset: () => void;
  close: () => Promise<void>;
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

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
    if (state.requests.length < 10_000) state.requests.push({ path, headers: req.headers, body });
    const b = state.behaviour;
    await sleep(b.hangMs);
    if (b.errorRate > 0 && Math.random() < b.errorRate) {
      res.writeHead(b.errorStatus, { "content-type": "application/json", ...b.errorHeaders }).end(errorBody(b.errorStatus));
      return;
    }
    const model = String(body.model ?? "fake-model");
    const id = `fake-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const promptTokens = fakePromptTokens(body);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: b.completionTokens,
      total_tokens: promptTokens + b.completionTokens,
      prompt_tokens_details: { cached_tokens: Math.min(b.cachedTokens, promptTokens) },
      completion_tokens_details: { reasoning_tokens: Math.min(b.reasoningTokens, b.completionTokens) },
    };

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
    if (path.endsWith("/responses")) {
      const out: Record<string, unknown> = {
        id: `resp_${seq}`, object: "response", created_at: created, status: "completed", model,
        output: [{ type: "message", id: `msg_${seq}`, status: "completed", role: "assistant", content: [{ type: "output_text", text: "tok ".repeat(b.completionTokens).trim(), annotations: [] }] }],
        usage: { input_tokens: promptTokens, input_tokens_details: { cached_tokens: usage.prompt_tokens_details.cached_tokens }, output_tokens: b.completionTokens, output_tokens_details: { reasoning_tokens: usage.completion_tokens_details.reasoning_tokens }, total_tokens: usage.total_tokens },
      };
      if (b.omitUsage) delete out.usage;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
      return;
    }
    if (!path.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(errorBody(404));
      return;
    }

    if (body.stream !== true) {
      await sleep(b.ttftMs + (b.tokensPerSecond ? (b.completionTokens / b.tokensPerSecond) * 1000 : 0));
      const out: Record<string, unknown> = {
        id, object: "chat.completion", created, model, system_fingerprint: null,
        choices: [{ index: 0, message: { role: "assistant", content: "tok ".repeat(b.completionTokens).trim(), refusal: null }, logprobs: null, finish_reason: "stop" }],
        usage,
      };
      if (b.omitUsage) delete out.usage;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(out));
      return;
    }

    const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: null, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) })}\n\n`;
    await sleep(b.ttftMs);
    res.write(chunk({ role: "assistant", content: "", refusal: null }, null));
    const gap = b.tokensPerSecond ? 1000 / b.tokensPerSecond : 0;
    for (let i = 0; i < b.completionTokens; i++) {
      if (b.disconnectAfterTokens !== undefined && i >= b.disconnectAfterTokens) {
        res.socket?.destroy();
        return;
      }
      if (b.endStreamAfterTokens !== undefined && i >= b.endStreamAfterTokens) {
        res.end();
        return;
      }
      if (gap) await sleep(gap);
      if (res.destroyed) return;
      res.write(chunk({ content: i === 0 ? "tok" : " tok" }, null));
    }
    res.write(chunk({}, "stop"));
    if (includeUsage && !b.omitUsage) {
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: null, choices: [], usage })}\n\n`);
    }
    res.end(b.omitDone ? "" : "data: [DONE]\n\n");
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(options.port ?? 0, "127.0.0.1", () => r()));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}/v1`;
  return state;
}
