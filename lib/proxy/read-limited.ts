import type { Readable } from "node:stream";
import { collectStream } from "./collect-stream";
import { ProxyError } from "./proxy-error";

/** Reads a whole upstream body, refusing more than `limit` bytes. */
export function readLimited(body: Readable, limit: number): Promise<Buffer> {
  return collectStream(body, limit, () => new ProxyError(502, "upstream_response_too_large", "The upstream response was too large"), "destroy");
}
