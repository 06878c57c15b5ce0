import { ProxyError } from "./proxy-error";

/** Reads a whole upstream body, refusing more than `limit` bytes. */
export async function readLimited(body: AsyncIterable<unknown>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ProxyError(502, "upstream_response_too_large", "The upstream response was too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}
