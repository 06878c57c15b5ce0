// Everything that is not the proxy, before it reaches Next: security headers,
// the body limit (counted while the body streams in), sign-in attempt
// limiting, the management API's JSON 404 / 405 for unknown paths and
// methods, and the redirect of signed-out page visits to sign-in. README, "Security".
import type http from "node:http";
import type { Redis } from "ioredis";
import { MANAGEMENT_API_PREFIX, matchManagementRoute } from "../http/management-route-table";
import type { Logger } from "../log/logger";
import { answerJsonError } from "./answer-json-error";
import { clientAddress } from "./client-address";
import { CLAIM_HEADER } from "../auth/limit-sign-in";
import { guardSignIn, isCredentialsSignIn } from "./guard-sign-in";
import { hasRequestBody, holdRequestBody } from "./hold-request-body";
import { signedOutRedirect } from "./redirect-signed-out";
import { applySecurityHeaders } from "./security-headers";

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

export interface WebRequestOptions {
  nextHandler: NodeHandler;
  /** A fail-fast connection (FAIL_FAST_REDIS_OPTIONS): sign-in limiting answers 503 at once while Redis is down. */
  redis: Redis;
  log: Logger;
  maxBodyBytes: number;
  trustProxy: boolean;
}

export function createWebRequestHandler(options: WebRequestOptions): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return async (req, res) => {
    applySecurityHeaders(req, res);
    // Set by us, never by the client: the page guard's return path and the address sign-in limiting counts.
    req.headers["x-tollgate-path"] = req.url ?? "/";
    const address = clientAddress(req, options.trustProxy);
    req.headers["x-tollgate-client-ip"] = address;
    delete req.headers[CLAIM_HEADER];

    const pathname = (req.url ?? "/").split("?")[0]!;
    if (pathname === MANAGEMENT_API_PREFIX || pathname.startsWith(`${MANAGEMENT_API_PREFIX}/`)) {
      const match = matchManagementRoute(req.method ?? "GET", pathname);
      if (match.kind === "unknown_path") return answerJsonError(res, "not_found", `No management API path ${pathname} (see ${MANAGEMENT_API_PREFIX}/openapi.json)`);
      if (match.kind === "wrong_method") return answerJsonError(res, "method_not_allowed", `${req.method} is not allowed on ${pathname}; allowed: ${match.allow.join(", ")}`, { allow: match.allow.join(", ") });
    }

    // A signed-out page visit: a real redirect, not Next's meta refresh inside a 200.
    const signIn = signedOutRedirect(req.method, req.url, req.headers.cookie);
    if (signIn) return void res.writeHead(307, { location: signIn, "cache-control": "no-store" }).end();

    if (hasRequestBody(req)) {
      const held = await holdRequestBody(req, options.maxBodyBytes);
      if (!held.ok) {
        if (held.reason === "too_large") refuseTooLarge(req, res, options.maxBodyBytes);
        return;
      }
      if (isCredentialsSignIn(req)) {
        // Counted before next-auth verifies the password; 429 over the limit, 503 while Redis is unreachable (never waits for it).
        const refused = await guardSignIn(options.redis, req, res, held.body, address);
        if (refused && res.statusCode === 503) options.log.warn({ address }, "sign-in refused: its attempt counter (Redis) is unreachable");
        if (refused) return;
      }
    }
    await options.nextHandler(req, res);
  };
}

function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, maxBodyBytes: number): void {
  // Close the connection once the answer is out: the rest of the body is not worth receiving.
  res.once("finish", () => setTimeout(() => req.socket.destroy(), 200).unref());
  answerJsonError(res, "payload_too_large", `Request body is larger than ${maxBodyBytes} bytes (TOLLGATE_MAX_WEB_BODY_BYTES)`, { connection: "close" });
}
