// Body limit for every non-proxy path (UI, sign-in, management API, server
// actions): the body is counted as the socket delivers it, before anyone
// reads it. A declared Content-Length over the limit is refused at once; a
// chunked or lying body is refused as soon as it passes the limit, and what
// it sent is dropped, never buffered. A body within the limit is held and
// then handed back to the request stream intact, for Next to read as usual.
import type http from "node:http";

export type HeldBody = { ok: true; body: Buffer } | { ok: false; reason: "too_large" | "aborted" };

export function hasRequestBody(req: http.IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * Resolves once the whole body has arrived (and been put back for the next reader), or as soon as it
 * exceeds `maxBytes` (the rest is discarded as it arrives). Node's HTTP parser delivers body bytes
 * through `req.push`; counting there bounds memory whatever reads the stream later.
 */
export function holdRequestBody(req: http.IncomingMessage, maxBytes: number): Promise<HeldBody> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discardBody(req);
    return Promise.resolve({ ok: false, reason: "too_large" });
  }
  return new Promise<HeldBody>((resolve) => {
    const push = req.push.bind(req);
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (settled) return true; // over the limit: dropped
      if (chunk === null) {
        settled = true;
        req.push = push;
        const body = Buffer.concat(chunks);
        if (body.length) push(body);
        push(null);
        resolve({ ok: true, body });
        return false;
      }
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding);
      bytes += buf.length;
      if (bytes > maxBytes) {
        settled = true;
        chunks.length = 0;
        resolve({ ok: false, reason: "too_large" });
        return true;
      }
      chunks.push(buf);
      return true;
    };
    req.once("close", () => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve({ ok: false, reason: "aborted" });
    });
  });
}

function discardBody(req: http.IncomingMessage): void {
  req.push = () => true;
}
