// Refuses a sign-in attempt that is over its limit (lib/auth/limit-sign-in.ts)
// before next-auth handles it: 429 with Retry-After, the same for known and
// unknown emails. The body carries next-auth's `url` field so its client
// (signIn with redirect: false) reports `error: "TooManyAttempts"`.
import type http from "node:http";
import type { Redis } from "ioredis";
import { signInRetryAfter } from "../auth/limit-sign-in";

export const CREDENTIALS_CALLBACK = "/api/auth/callback/credentials";

export function isCredentialsSignIn(req: http.IncomingMessage): boolean {
  return req.method === "POST" && (req.url ?? "").split("?")[0] === CREDENTIALS_CALLBACK;
}

/** true when the attempt was refused (and answered). */
export async function refuseLimitedSignIn(redis: Redis, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, address: string): Promise<boolean> {
  const email = new URLSearchParams(body.toString("utf8")).get("email") ?? "";
  const retryAfter = await signInRetryAfter(redis, { email, address });
  if (retryAfter === null) return false;
  const url = `http://${req.headers.host ?? "localhost"}/signin?error=TooManyAttempts`;
  const minutes = Math.ceil(retryAfter / 60);
  res.writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfter), "cache-control": "no-store" });
  res.end(JSON.stringify({ url, error: { code: "rate_limited", message: `Too many failed sign-in attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}` } }));
  return true;
}
