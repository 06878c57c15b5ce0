// An error answered by the web server itself, in the management API's shape
// ({ error: { code, message, requestId } }), for paths Next never sees.
import { randomUUID } from "node:crypto";
import type http from "node:http";
import { errorStatus, type ErrorCode } from "../http/app-error";

export function answerJsonError(res: http.ServerResponse, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  res.writeHead(errorStatus[code], { "content-type": "application/json", "x-request-id": requestId, "cache-control": "no-store", ...headers });
  res.end(JSON.stringify({ error: { code, message, requestId } }));
}
