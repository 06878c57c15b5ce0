import type { IncomingMessage } from "node:http";
import { ProxyError } from "./proxy-error";

/** Reads the request body, refusing more than `limitBytes` with 413 before buffering it all. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      req.resume(); // drain the rest so the connection can answer
      throw tooLarge(limitBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number) {
  return new ProxyError(413, "request_too_large", `Request body exceeds the limit of ${limit} bytes (TOLLGATE_MAX_BODY_BYTES)`);
}
