import type { IncomingMessage } from "node:http";
import { collectStream } from "./collect-stream";
import { ProxyError } from "./proxy-error";

/** Reads the request body, refusing more than `limitBytes` with 413 before buffering it all. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  // Past the limit the rest is drained, so the connection can carry the 413.
  return collectStream(req, limitBytes, () => tooLarge(limitBytes), "drain");
}

function tooLarge(limit: number) {
  return new ProxyError(413, "request_too_large", `Request body exceeds the limit of ${limit} bytes (TOLLGATE_MAX_BODY_BYTES)`);
}
