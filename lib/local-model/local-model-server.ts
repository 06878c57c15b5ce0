// Tollgate's OpenAI-compatible server for one local GGUF model (node:http):
//   POST /v1/chat/completions  (JSON or SSE; usage; finish_reason stop|length)
//   GET  /v1/models, /v1/models/{id}, /health
// Errors in OpenAI's shape. A client that disconnects stops its generation
// (or leaves the queue). Tools are not supported: a request with `tools`
// gets a plain text answer.
import { randomBytes, timingSafeEqual, createHash } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { ProxyError, sendProxyError } from "../proxy/proxy-error";
import { parseRequestBody } from "../proxy/parse-request-body";
import { QueueFullError } from "./admission-gate";
import { ChatCompletionChunks, chatCompletionJson, usageOf } from "./format-chat-completion";
import type { LocalModelEngine } from "./local-model-engine";
import { parseChatRequest } from "./parse-chat-request";

export interface LocalModelServerOptions {
  engine: LocalModelEngine;
  /** The id clients send as `model` and /v1/models lists. */
  modelName: string;
  maxBodyBytes: number;
  /** When set, /v1/* requires `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** One line per finished completion (status, tokens, timing). */
  log?: (line: string) => void;
}

export interface CompletionLog {
  status: number;
  stream: boolean;
  promptTokens: number;
  completionTokens: number;
  ttftMs: number | null;
  totalMs: number;
}

export function createLocalModelServer(o: LocalModelServerOptions): http.Server {
  const created = Math.floor(Date.now() / 1000);
  const modelObject = { id: o.modelName, object: "model", created, owned_by: "tollgate-local-runner" };
  const keyHash = o.apiKey ? createHash("sha256").update(o.apiKey).digest() : null;

  return http.createServer({ noDelay: true }, (req, res) => {
    const requestId = `chatcmpl-${randomBytes(12).toString("hex")}`;
    const url = new URL(req.url ?? "/", "http://local");
    const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;
    const handle = async () => {
      if (route === "GET /health") return sendJson(res, 200, { status: "ok", model: o.modelName, parallel: o.engine.parallel, busy: o.engine.gate.busy, queued: o.engine.gate.queued });
      if (url.pathname.startsWith("/v1/")) checkKey(req.headers.authorization, keyHash);
      if (route === "GET /v1/models") return sendJson(res, 200, { object: "list", data: [modelObject] });
      if (req.method === "GET" && url.pathname.startsWith("/v1/models/")) {
        const id = safeDecode(url.pathname.slice("/v1/models/".length));
        if (id !== o.modelName) throw modelNotFound(id);
        return sendJson(res, 200, modelObject);
      }
      if (route === "POST /v1/chat/completions") return await completeChat(o, req, res, requestId);
      if (["/v1/chat/completions", "/v1/models", "/health"].includes(url.pathname)) throw new ProxyError(405, "method_not_allowed", `${req.method} is not supported on ${url.pathname}`);
      throw new ProxyError(404, "unknown_url", `Unknown request URL: ${req.method} ${url.pathname.slice(0, 200)}. This server offers POST /v1/chat/completions, GET /v1/models and GET /health.`);
    };
    handle().catch((error: unknown) => {
      if (!(error instanceof ProxyError)) o.log?.(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      sendProxyError(res, error instanceof ProxyError ? error : new ProxyError(500, "internal_error", "The local model failed to answer"), requestId);
    });
  });
}

async function completeChat(o: LocalModelServerOptions, req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
  const started = performance.now();
  const body = parseRequestBody(await readBody(req, o.maxBodyBytes));
  const request = parseChatRequest(body, { contextSize: o.engine.contextSize });
  if (request.model !== o.modelName) throw modelNotFound(request.model);
  const promptTokens = o.engine.countPromptTokens(request.messages);

  // The client leaving (socket closed before the answer ended) stops generation or drops it from the queue.
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort(new Error("client disconnected"));
  });
  const meta = { id, model: o.modelName, created: Math.floor(Date.now() / 1000) };
  const chunks = new ChatCompletionChunks(meta, request.includeUsage);
  let ttftMs: number | null = null;
  let generation;
  try {
    generation = await o.engine.generate(request, promptTokens, {
      signal: abort.signal,
      onStart: () => {
        if (!request.stream) return;
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-request-id": id });
        res.write(chunks.role());
      },
      onText: (text) => {
        if (!text) return;
        ttftMs ??= performance.now() - started;
        if (request.stream) res.write(chunks.content(text));
      },
    });
  } catch (error) {
    if (error instanceof QueueFullError) throw new ProxyError(503, "server_overloaded", `The local model is busy (${o.engine.parallel} generating, ${error.queued} waiting); retry shortly`, null, { "retry-after": "1" });
    if (abort.signal.aborted) return;
    if (request.stream && res.headersSent) {
      res.end(chunks.error("The local model failed while generating"));
      return;
    }
    throw error;
  }
  if (abort.signal.aborted) return;
  const usage = usageOf(promptTokens, generation.completionTokens);
  if (request.stream) res.end(chunks.end(generation.finishReason, usage));
  else sendJson(res, 200, chatCompletionJson(meta, generation.text, generation.finishReason, usage), { "x-request-id": id });
  o.log?.(formatCompletionLog({ status: 200, stream: request.stream, promptTokens, completionTokens: generation.completionTokens, ttftMs, totalMs: performance.now() - started }));
}

export function formatCompletionLog(l: CompletionLog): string {
  const genMs = l.ttftMs === null ? null : l.totalMs - l.ttftMs;
  const rate = genMs && l.completionTokens > 1 ? ` (${Math.round(((l.completionTokens - 1) / genMs) * 1000)} tokens/s after the first)` : "";
  return `${l.status} ${l.stream ? "stream" : "json"}: ${l.promptTokens} prompt + ${l.completionTokens} completion tokens in ${Math.round(l.totalMs)} ms, first token after ${l.ttftMs === null ? "-" : Math.round(l.ttftMs)} ms${rate}`;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new ProxyError(413, "request_too_large", `Request body exceeds the limit of ${limit} bytes`);
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function checkKey(header: string | undefined, keyHash: Buffer | null): void {
  if (!keyHash) return;
  const given = header?.startsWith("Bearer ") ? header.slice(7) : "";
  if (!timingSafeEqual(createHash("sha256").update(given).digest(), keyHash)) {
    throw new ProxyError(401, "invalid_api_key", "Incorrect API key provided for this local model server");
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const modelNotFound = (model: string) =>
  new ProxyError(404, "model_not_found", `The model \`${model.slice(0, 200)}\` does not exist or you do not have access to it.`, "model");

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}
