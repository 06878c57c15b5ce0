// A streamed answer: bytes go to the client as they arrive, through the SSE
// meter; when the stream ends (or breaks, or the client leaves) the attempt
// is settled from the reported usage or from what was streamed.
// A stream the upstream cuts off before it finished (no [DONE], finish_reason
// or terminal Responses event) must not look like a normal end: the client
// gets an SSE error event in OpenAI's shape (the SDKs raise on it), then the
// connection is dropped without terminating the chunked body (clients that
// do not parse events see a broken transfer), and the row says upstream_error.
import type { ServerResponse } from "node:http";
import type { Attempt, ProxyDeps } from "./proxy-types";
import { estimateUsage, settleUsage } from "./settle-usage";
import { SseMeter } from "./sse-meter";
import type { UpstreamResponse } from "./upstream-client";

export async function relayStream(deps: ProxyDeps, a: Attempt, upstream: UpstreamResponse, res: ServerResponse, hideUsage: boolean, clientClosed: () => boolean) {
  const meter = new SseMeter(hideUsage);
  res.writeHead(upstream.statusCode, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-request-id": a.requestId,
    "x-tollgate-served-model": a.model.alias,
    trailer: "x-tollgate-cost-usd",
    ...a.responseHeaders,
  });
  res.flushHeaders();
  let cutOff: string | null = null;
  try {
    for await (const chunk of upstream.body) {
      const out = meter.push(chunk as Buffer);
      if (out.length > 0 && !res.write(out)) await waitForDrain(res);
    }
  } catch {
    if (clientClosed()) cutOff = "client_disconnected";
    else if (!meter.finished) cutOff = "upstream_stream_broken";
  }
  if (cutOff === null && !meter.finished) cutOff = "upstream_stream_incomplete";
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
  if (res.destroyed) return;
  if (upstreamBroke) return failStream(res, a.requestId, cutOff!);
  res.addTrailers({ "x-tollgate-cost-usd": cost ?? "unpriced" });
  res.end();
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
