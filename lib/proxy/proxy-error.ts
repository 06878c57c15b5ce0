// Errors the proxy answers with, in OpenAI's shape
// ({ error: { message, type, param, code } }) so SDKs raise the right class.
import type { ServerResponse } from "node:http";

export class ProxyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ProxyError";
  }

  get type(): string {
    if (this.status === 401) return "authentication_error";
    if (this.status === 403) return "permission_error";
    if (this.status === 429) return "rate_limit_error";
    if (this.status >= 500) return "server_error";
    return "invalid_request_error";
  }
}

export function sendProxyError(res: ServerResponse, error: ProxyError, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { message: error.message, type: error.type, param: error.param, code: error.code } });
  res.writeHead(error.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-request-id": requestId,
    ...error.headers,
  });
  res.end(body);
}
