// A streamed answer: bytes go to the client as they arrive, through the SSE
// meter; when the stream ends (or breaks, or the client leaves) the attempt
// is settled from the reported usage or from what was streamed.
// A stream the upstream cuts off before it finished (no [DONE], finish_reason
// or terminal Responses event) must not look like a normal end: the client
// gets an SSE error event in OpenAI's shape (the SDKs raise on it), then the
// connection is dropped without terminating the chunked body (clients that
// do not parse events see a broken transfer), and the row says upstream_error.
//
// When another target could still serve, nothing is sent until the first
// content token has arrived (awaitFirstContent): a stream that breaks or
// stays silent past its time-to-first-token timeout before then fails over
// with the client none the wiser. Once a byte has gone out it cannot.
import type { ServerResponse } from "node:http";
import type { Attempt, ProxyDeps } from "./proxy-types";
import type { TokenUsage } from "../pricing/price-request";
import { estimateUsage, settleUsage } from "./settle-usage";
import { SseMeter } from "./sse-meter";
import type { UpstreamResponse } from "./upstream-client";
import { upstreamDone } from "./request-timing";

/** A stream's headers wait this long for its first bytes to go out with them (a client's TTFT is unchanged: it waits for the bytes). */
const HEADERS_ALONE_AFTER_MS = 10;

/** Held back while waiting for the first content token; past this the stream is sent on regardless. */
const MAX_HELD_BYTES = 1024 * 1024;

export interface PendingStream {
  meter: SseMeter;
  chunks: AsyncIterator<Buffer>;
  /** Meter output not yet written to the client. */
  held: (string | Buffer)[];
  /** The upstream's body ended (or could not be read) while held. */
  ended: boolean;
}

export function openStream(upstream: UpstreamResponse, hideUsage: boolean): PendingStream {
  return { meter: new SseMeter(hideUsage), chunks: (upstream.body as AsyncIterable<Buffer>)[Symbol.asyncIterator](), held: [], ended: false };
}

export type FirstContent = "content" | "finished" | "broken" | "timeout";

/** Reads until the first content token (or the end), holding the output back. */
export async function awaitFirstContent(s: PendingStream, deadline: number | null): Promise<FirstContent> {
  let heldBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = deadline === null ? null : new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - performance.now()))));
  try {
    while (s.meter.firstContentAt === null && heldBytes < MAX_HELD_BYTES) {
      const next = s.chunks.next();
      const step = timeout ? await Promise.race([next, timeout]) : await next;
      if (step === "timeout") {
        next.catch(() => {});
        return "timeout";
      }
      if (step.done) {
        s.ended = true;
        return s.meter.finished ? "finished" : "broken";
      }
      const out = s.meter.push(step.value);
      if (out.length > 0) {
        s.held.push(out);
        heldBytes += out.length;
      }
    }
    return "content";
  } catch {
    s.ended = true;
    return "broken";
  } finally {
    clearTimeout(timer);
  }
}

/** Settles an attempt abandoned before anything reached the client (it failed over). */
export function settleAbandonedStream(deps: ProxyDeps, a: Attempt, s: PendingStream, errorClass: string): void {
  upstreamDone(a);
  settleUsage(deps, a, { status: 200, usage: s.meter.usage ?? estimateUsage(a.body, s.meter.streamedText()), estimated: true, errorClass, ttftMs: null, rowStatus: "upstream_error" });
}

/** What a stream that finished normally, with usage, leaves for the response cache (its completion rebuilt from the raw bytes by the caller). */
export interface FinishedStream {
  raw: string;
  usage: TokenUsage;
  cost: string | null;
}

export async function relayStream(
  deps: ProxyDeps, a: Attempt, status: number, s: PendingStream, res: ServerResponse, clientClosed: () => boolean,
  onFinished: ((finished: FinishedStream) => void) | null = null,
) {
  const { meter } = s;
  res.writeHead(status, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-request-id": a.requestId,
    "x-tollgate-served-model": a.model.alias,
    trailer: "x-tollgate-cost-usd",
    ...a.responseHeaders,
  });
  // The headers leave with the first bytes (one socket write, not two); alone only if those are slow to come.
  let headersAlone: NodeJS.Timeout | null = null;
  if (s.held.length > 0) {
    for (const out of s.held) res.write(out);
    s.held = [];
  } else {
    headersAlone = setTimeout(() => {
      headersAlone = null;
      res.flushHeaders();
    }, HEADERS_ALONE_AFTER_MS);
  }
  let cutOff: string | null = null;
  // Once [DONE] has come, the upstream's end follows at once: the last bytes wait for it, corked, so they
  // leave with the chunked body's terminator and trailer in one socket write (not two). Uncorked at the
  // next turn of the loop regardless, so an upstream that hangs after [DONE] never holds them back.
  let corked = false;
  const uncork = () => {
    if (!corked) return;
    corked = false;
    res.uncork();
  };
  try {
    while (!s.ended) {
      const step = await s.chunks.next();
      if (step.done) break;
      const out = meter.push(step.value);
      if (out.length === 0) continue;
      if (headersAlone) {
        clearTimeout(headersAlone);
        headersAlone = null;
      }
      if (meter.sawDone && !corked) {
        corked = true;
        res.cork();
        setImmediate(uncork);
      }
      if (!res.write(out)) {
        uncork();
        await waitForDrain(res);
      }
    }
  } catch {
    if (clientClosed()) cutOff = "client_disconnected";
    else if (!meter.finished) cutOff = "upstream_stream_broken";
  }
  upstreamDone(a);
  if (headersAlone) clearTimeout(headersAlone);
  if (cutOff === null && !meter.finished) cutOff = clientClosed() ? "client_disconnected" : "upstream_stream_incomplete";
  // An unterminated last event of a finished stream is passed on; that of a cut one is dropped (SSE drops it too).
  if (cutOff === null) {
    const rest = meter.flush();
    if (rest) res.write(rest);
  }
  const upstreamBroke = cutOff !== null && cutOff !== "client_disconnected";
  const ttftMs = meter.firstContentAt === null ? null : Math.round(meter.firstContentAt - a.started);
  // Settled from what was streamed when the stream did not finish with usage.
  const usage = meter.usage ?? estimateUsage(a.body, meter.streamedText());
  const cost = settleUsage(deps, a, {
    status: 200, usage, estimated: !meter.usage || cutOff !== null, errorClass: cutOff, ttftMs,
    ...(upstreamBroke ? { rowStatus: "upstream_error" as const } : {}),
  });
  if (res.destroyed || upstreamBroke) uncork();
  if (res.destroyed) return ttftMs;
  if (upstreamBroke) {
    failStream(res, a.requestId, cutOff!);
    return ttftMs;
  }
  res.addTrailers({ "x-tollgate-cost-usd": cost ?? "unpriced" });
  res.end();
  uncork();
  // Only a stream that ended as the upstream meant it to, with its usage, and that the client read to the end.
  const raw = onFinished && cutOff === null && meter.usage && !clientClosed() ? meter.rawText() : null;
  if (raw !== null) onFinished!({ raw, usage: meter.usage!, cost });
  return ttftMs;
}

/** Tells the client the stream broke: an OpenAI-shaped error event, then a dropped connection. */
function failStream(res: ServerResponse, requestId: string, code: string): void {
  const error = { message: `The upstream ended the stream before the response was complete (request id ${requestId})`, type: "server_error", param: null, code };
  res.write(`event: error\ndata: ${JSON.stringify({ error })}\n\n`, () => res.destroy());
  // A client that stops reading never drains the write: drop it anyway.
  setTimeout(() => res.destroy(), 5000).unref();
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
