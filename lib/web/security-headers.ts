// Headers on every non-proxy response. The Content-Security-Policy carries a
// fresh nonce per request; Next reads it from the request's own
// content-security-policy header and puts it on the scripts it inlines, so
// no inline script runs without it. Styles allow inline (React style
// attributes, chart libraries); frames are refused everywhere.
import { randomBytes } from "node:crypto";
import type http from "node:http";

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function applySecurityHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  const csp = contentSecurityPolicy(randomBytes(16).toString("base64"));
  req.headers["content-security-policy"] = csp; // for Next: set here, never taken from the client
  res.setHeader("content-security-policy", csp);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("referrer-policy", "strict-origin-when-cross-origin");
  res.setHeader("cross-origin-opener-policy", "same-origin");
}
