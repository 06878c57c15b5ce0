// Keep-alive connection pools to upstreams (one per origin), shared by all
// requests of the process.
import { EventEmitter } from "node:events";
import { Agent, request, errors } from "undici";
import { ProxyError } from "./proxy-error";

/**
 * Cancels one upstream call. undici takes an EventEmitter as its signal; on the hot path one costs a
 * fraction of an AbortController, whose signal is an EventTarget built on first read.
 */
export class UpstreamAbort extends EventEmitter {
  aborted = false;
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit("abort");
  }
}

export type UpstreamResponse = Awaited<ReturnType<typeof request>>;

export function createUpstreamAgent(options: { connectionsPerOrigin?: number } = {}) {
  return new Agent({ connections: options.connectionsPerOrigin ?? 256, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, pipelining: 1 });
}

export async function sendUpstream(
  agent: Agent,
  url: string,
  init: {
    method: "GET" | "POST"; headers: Record<string, string>; body?: string | Buffer; signal: UpstreamAbort;
    /** Longest wait for the headers, and between body chunks. */
    timeoutMs: number;
    /** A shorter wait for the headers alone (a route's time-to-first-token timeout). */
    headersTimeoutMs?: number;
  },
): Promise<UpstreamResponse> {
  try {
    return await request(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      dispatcher: agent,
      headersTimeout: Math.max(1, Math.min(init.timeoutMs, init.headersTimeoutMs ?? Infinity)),
      bodyTimeout: init.timeoutMs,
    });
  } catch (error) {
    throw toUpstreamError(error, url);
  }
}

/** Maps a network-level failure talking to the upstream to the proxy's answer. */
export function toUpstreamError(error: unknown, url: string): ProxyError {
  const host = safeHost(url);
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError || error instanceof errors.ConnectTimeoutError) {
    return new ProxyError(504, "upstream_timeout", `The upstream at ${host} did not answer in time`);
  }
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return new ProxyError(502, "upstream_unavailable", `Could not reach the upstream at ${host}${code ? ` (${code})` : ""}`);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "upstream";
  }
}
