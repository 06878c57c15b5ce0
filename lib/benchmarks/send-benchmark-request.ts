// Sends one benchmark request through Tollgate's own proxy, the way an app
// would, and records when each content chunk arrived (for TTFT, ITL, TPOT),
// the answer's text and tool calls, the usage the model reported, the
// metered cost (x-tollgate-cost-usd, a header for JSON answers and a trailer
// for streams) and the proxy's request id (the same row in the ledger).
import { performance } from "node:perf_hooks";
import { request, type Dispatcher } from "undici";

export interface BenchmarkRequestOutcome {
  sentAtMs: number;
  sentAt: Date;
  endMs: number;
  /** performance.now() of each network chunk that carried content (text or a tool-call delta). */
  chunkTimesMs: number[];
  httpStatus: number | null;
  errorClass: string | null;
  error: string | null;
  requestId: string | null;
  servedModel: string | null;
  output: string;
  toolCalls: ToolCall[];
  inputTokens: number | null;
  outputTokens: number | null;
  /** Decimal string as metered by the proxy; null when unpriced or unknown. */
  costUsd: string | null;
}

export interface ToolCall {
  id?: string;
  type: "function";
  function: { name: string; arguments: string };
}

const MAX_OUTPUT_CHARS = 200_000;
const MAX_ERROR_BODY = 4096;

export interface SendOptions {
  proxyBaseUrl: string;
  apiKey: string;
  body: Record<string, unknown>;
  stream: boolean;
  timeoutMs: number;
  tags: string[];
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
}

export async function sendBenchmarkRequest(options: SendOptions): Promise<BenchmarkRequestOutcome> {
  // Everything but the send is prepared first: the clock starts when the request leaves, not while
  // the body of this (or, at concurrency N, another) request is still being built.
  const body = JSON.stringify(options.stream ? { ...options.body, stream: true, stream_options: { include_usage: true } } : { ...options.body, stream: false });
  const url = `${options.proxyBaseUrl.replace(/\/$/, "")}/chat/completions`;
  const headers = { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json", "x-tollgate-tags": options.tags.join(",") };
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]) : AbortSignal.timeout(options.timeoutMs);
  const sentAt = new Date();
  const sentAtMs = performance.now();
  const outcome: BenchmarkRequestOutcome = {
    sentAtMs, sentAt, endMs: sentAtMs, chunkTimesMs: [], httpStatus: null, errorClass: null, error: null,
    requestId: null, servedModel: null, output: "", toolCalls: [], inputTokens: null, outputTokens: null, costUsd: null,
  };
  try {
    const response = await request(url, { method: "POST", headers, body, signal, dispatcher: options.dispatcher });
    outcome.httpStatus = response.statusCode;
    outcome.requestId = header(response.headers, "x-request-id");
    outcome.servedModel = header(response.headers, "x-tollgate-served-model");
    if (response.statusCode >= 400) {
      const text = await readCapped(response.body, MAX_ERROR_BODY);
      outcome.endMs = performance.now();
      outcome.errorClass = classifyStatus(response.statusCode, text);
      outcome.error = describeError(response.statusCode, text);
      return outcome;
    }
    const isSse = (header(response.headers, "content-type") ?? "").includes("text/event-stream");
    if (isSse) await readStream(response.body, outcome);
    else readJson(await readCapped(response.body, 10 * 1024 * 1024), outcome);
    outcome.endMs = performance.now();
    const cost = header(response.headers, "x-tollgate-cost-usd") ?? (response.trailers as Record<string, string | undefined>)["x-tollgate-cost-usd"] ?? null;
    outcome.costUsd = cost && /^\d+(\.\d+)?$/.test(cost) ? cost : null;
  } catch (error) {
    outcome.endMs = performance.now();
    if (outcome.errorClass) return outcome;
    const name = (error as Error).name;
    outcome.errorClass = name === "TimeoutError" ? "timeout" : name === "AbortError" ? "cancelled" : outcome.httpStatus ? "cut_stream" : "network";
    outcome.error = (error as Error).message.slice(0, 500);
  }
  return outcome;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

async function readCapped(body: AsyncIterable<Buffer>, max: number): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < max) parts.push(chunk.subarray(0, max - size));
    size += chunk.length;
  }
  return Buffer.concat(parts).toString("utf8");
}

function classifyStatus(status: number, body: string): string {
  if (status === 429) return "rate_limited";
  if (status === 402 || (status === 403 && /budget/i.test(body))) return "budget";
  if (status === 504 || status === 408) return "timeout";
  if (status >= 500) return "upstream_5xx";
  return "client_4xx";
}

function describeError(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string; code?: string } };
    if (parsed.error?.message) return `${status} ${parsed.error.code ?? ""}: ${parsed.error.message}`.slice(0, 500);
  } catch {
    // not JSON: fall through
  }
  return `${status}: ${body.slice(0, 300)}`;
}

interface ChatChunk {
  choices?: { delta?: { content?: string | null; tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[] } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string; code?: string };
}

// A streamed answer of more than this is refused rather than held (32,768 tokens of SSE is about 7 MB).
const MAX_STREAM_BYTES = 16 * 1024 * 1024;

/**
 * Reads the SSE stream, noting only when each network chunk arrived while it streams (parsing there
 * would delay the next chunk's timestamp when many streams arrive at once), then parses it all: the
 * arrival time of a network chunk is the time of every content event in it.
 */
async function readStream(body: AsyncIterable<Buffer>, outcome: BenchmarkRequestOutcome): Promise<void> {
  const arrivals: { at: number; chunk: Buffer }[] = [];
  let size = 0;
  let broken: Error | null = null;
  try {
    for await (const chunk of body) {
      arrivals.push({ at: performance.now(), chunk });
      size += chunk.length;
      if (size > MAX_STREAM_BYTES) {
        outcome.errorClass = "bad_response";
        outcome.error = `the streamed answer exceeded ${MAX_STREAM_BYTES} bytes`;
        return;
      }
    }
  } catch (error) {
    // A dropped connection (the proxy ends a cut stream that way, after an error event): keep what arrived.
    broken = error as Error;
  }
  // Parse on a later turn of the event loop: other streams' chunks that have already arrived get their
  // timestamps, and other lanes' requests leave, before this stream's parsing takes the CPU.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  const calls = new Map<number, ToolCall>();
  for (const { at, chunk } of arrivals) {
    buffer += decoder.decode(chunk, { stream: true });
    let boundary: number;
    let carriedContent = false;
    while ((boundary = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const event = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, "");
      const data = event.split(/\r?\n/).filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
      const isError = /^event:\s*error/m.test(event);
      if (!data) continue;
      if (data === "[DONE]") {
        done = true;
        continue;
      }
      let parsed: ChatChunk;
      try {
        parsed = JSON.parse(data) as ChatChunk;
      } catch {
        continue;
      }
      if (isError || parsed.error) {
        outcome.errorClass = "cut_stream";
        outcome.error = (parsed.error?.message ?? "stream error").slice(0, 500);
        continue;
      }
      if (parsed.usage) {
        outcome.inputTokens = parsed.usage.prompt_tokens ?? null;
        outcome.outputTokens = parsed.usage.completion_tokens ?? null;
      }
      const delta = parsed.choices?.[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        carriedContent = true;
        if (outcome.output.length < MAX_OUTPUT_CHARS) outcome.output += delta.content.slice(0, MAX_OUTPUT_CHARS - outcome.output.length);
      }
      for (const call of delta.tool_calls ?? []) {
        carriedContent = true;
        const index = call.index ?? 0;
        const existing = calls.get(index) ?? { id: call.id, type: "function" as const, function: { name: "", arguments: "" } };
        if (call.id) existing.id = call.id;
        if (call.function?.name) existing.function.name += call.function.name;
        if (call.function?.arguments && existing.function.arguments.length < MAX_OUTPUT_CHARS) existing.function.arguments += call.function.arguments;
        calls.set(index, existing);
      }
    }
    if (carriedContent) outcome.chunkTimesMs.push(at);
  }
  outcome.toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c);
  if (broken && !outcome.errorClass) {
    if (broken.name === "TimeoutError" || broken.name === "AbortError") throw broken;
    outcome.errorClass = "cut_stream";
    outcome.error = `the connection broke mid-stream: ${broken.message}`.slice(0, 500);
  }
  if (!done && !outcome.errorClass) {
    outcome.errorClass = "cut_stream";
    outcome.error = "the stream ended without [DONE]";
  }
}

function readJson(text: string, outcome: BenchmarkRequestOutcome): void {
  try {
    const parsed = JSON.parse(text) as {
      choices?: { message?: { content?: string | null; tool_calls?: ToolCall[] } }[];
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    };
    const message = parsed.choices?.[0]?.message;
    outcome.output = (message?.content ?? "").slice(0, MAX_OUTPUT_CHARS);
    outcome.toolCalls = Array.isArray(message?.tool_calls) ? message.tool_calls.slice(0, 64) : [];
    outcome.inputTokens = parsed.usage?.prompt_tokens ?? null;
    outcome.outputTokens = parsed.usage?.completion_tokens ?? null;
    outcome.chunkTimesMs.push(performance.now());
  } catch {
    outcome.errorClass = "bad_response";
    outcome.error = "the answer was not valid JSON";
  }
}
