// The address sign-in limiting counts per: the socket's peer, or, only when
// TOLLGATE_TRUST_PROXY=true, the last X-Forwarded-For entry (the one the
// reverse proxy in front of Tollgate appended; earlier entries are whatever
// the client sent).
import type http from "node:http";

export function clientAddress(req: Pick<http.IncomingMessage, "headers" | "socket">, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers["x-forwarded-for"];
    const last = (Array.isArray(header) ? header.join(",") : header)?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return normalise(last);
  }
  return normalise(req.socket.remoteAddress ?? "unknown");
}

function normalise(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
