// Claims a sign-in attempt (lib/auth/limit-sign-in.ts) before next-auth
// handles it: the attempt is counted here, atomically, and handed to
// authorize under a one-time id (CLAIM_HEADER). Over the limit: 429 with
// Retry-After, the same for known and unknown emails. Redis unreachable:
// 503 within about a second (nothing can be counted, so no password is
// checked). The bodies carry next-auth's `url` field so its client (signIn
// with redirect: false) reports `error: "TooManyAttempts"` / `"Unavailable"`.
import type http from "node:http";
import type { Redis } from "ioredis";
import { claimSignInAttempt, CLAIM_HEADER } from "../auth/limit-sign-in";
import { whenReady } from "../redis/create-redis";

export const CREDENTIALS_CALLBACK = "/api/auth/callback/credentials";
/** Seconds a client is told to wait while Redis is unreachable. */
const UNAVAILABLE_RETRY_SECONDS = 5;

export function isCredentialsSignIn(req: http.IncomingMessage): boolean {
  return req.method === "POST" && (req.url ?? "").split("?")[0] === CREDENTIALS_CALLBACK;
}

/** true when the attempt was refused (and answered); else the claim is on the request for authorize. */
export async function guardSignIn(redis: Redis, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, address: string): Promise<boolean> {
  const email = new URLSearchParams(body.toString("utf8")).get("email") ?? "";
  let claim;
  try {
    claim = await claimSignInAttempt(await whenReady(redis), { email, address }, true);
  } catch {
    answer(req, res, 503, UNAVAILABLE_RETRY_SECONDS, "Unavailable", "unavailable", "Sign-in is unavailable right now (its attempt counter cannot be reached); try again shortly");
    return true;
  }
  if (!claim.ok) {
    const minutes = Math.ceil(claim.retryAfter / 60);
    answer(req, res, 429, claim.retryAfter, "TooManyAttempts", "rate_limited", `Too many failed sign-in attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`);
    return true;
  }
  req.headers[CLAIM_HEADER] = claim.claimId;
  return false;
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, status: number, retryAfter: number, nextAuthError: string, code: string, message: string): void {
  const url = `http://${req.headers.host ?? "localhost"}/signin?error=${nextAuthError}`;
  res.writeHead(status, { "content-type": "application/json", "retry-after": String(retryAfter), "cache-control": "no-store" });
  res.end(JSON.stringify({ url, error: { code, message } }));
}
