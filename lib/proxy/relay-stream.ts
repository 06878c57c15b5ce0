// A streamed answer: bytes go to the client as they arrive, through the SSE
// meter; when the stream ends (or breaks, or the client leaves) the attempt
// is settled from the reported usage or from what was streamed.
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
    const rest = meter.flush();
    if (rest) res.write(rest);
    if (!meter.sawDone) cutOff = "upstream_stream_incomplete";
  } catch {
    cutOff = clientClosed() ? "client_disconnected" : "upstream_stream_broken";
  }
  const ttftMs = meter.firstContentAt === null ? null : Math.round(meter.firstContentAt - a.started);
  // Settled from what was streamed when the stream did not finish with usage.
  const usage = meter.usage ?? estimateUsage(a.body, meter.streamedText());
  const cost = settleUsage(deps, a, { status: 200, usage, estimated: !meter.usage || cutOff !== null, errorClass: cutOff, ttftMs });
  if (!res.destroyed) {
    res.addTrailers({ "x-tollgate-cost-usd": cost ?? "unpriced" });
    res.end();
  }
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
