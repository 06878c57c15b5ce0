import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createProxyHandler, type ProxyDeps } from "./handle-proxy-request";
import { ProxyError } from "./proxy-error";

// Only what the refusal path before the body is read touches: the key check and the log.
function handlerRefusingWith(error: ProxyError) {
  const logged: string[] = [];
  const deps = {
    keys: { authenticate: async () => { throw error; } },
    log: { error: (_fields: unknown, message: string) => void logged.push(message) },
  } as unknown as ProxyDeps;
  return { handle: createProxyHandler(deps), logged };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** Serves one request with `handle`, and reports both what the client got and how the handler's promise ended. */
async function serveOnce(handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) {
  let settled!: Promise<"resolved" | "rejected">;
  const server = http.createServer((req, res) => {
    settled = handle(req, res).then(() => "resolved" as const, () => "rejected" as const);
  });
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  const answer = await new Promise<{ status: number; body: string } | { error: string }>((done) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/api/v1/chat/completions", method: "POST" }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => done({ status: res.statusCode!, body }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => done({ error: e.code ?? e.message }));
    req.end("{}");
  });
  return { answer, handler: await settled };
}

describe("the proxy handler's error path", () => {
  it("answers a refusal in OpenAI's error shape", async () => {
    const { handle } = handlerRefusingWith(new ProxyError(401, "invalid_api_key", "Incorrect API key provided"));
    const { answer, handler } = await serveOnce(handle);
    expect(answer).toMatchObject({ status: 401 });
    expect(JSON.parse((answer as { body: string }).body)).toEqual({ error: { message: "Incorrect API key provided", type: "authentication_error", param: null, code: "invalid_api_key" } });
    expect(handler).toBe("resolved");
  });

  it("an answer that cannot be written closes that connection and never rejects (an unhandled rejection ends the process)", async () => {
    // A header value with a line break: writeHead throws, as it did for a ProxyError without a status.
    const { handle, logged } = handlerRefusingWith(new ProxyError(429, "rate_limit_exceeded", "slow down", null, { "retry-after": "1\r\nx-injected: 1" }));
    const { answer, handler } = await serveOnce(handle);
    expect(answer).toEqual({ error: "ECONNRESET" });
    expect(handler).toBe("resolved");
    expect(logged).toEqual(["proxy error"]);
  });
});
