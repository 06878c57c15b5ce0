// GET /metrics in the Prometheus text format, behind a bearer token
// (TOLLGATE_METRICS_TOKEN); without one configured the endpoint does not exist.
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProxyMetrics } from "./proxy-metrics";

export async function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: ProxyMetrics, token: string | undefined): Promise<void> {
  if (!token) return void res.writeHead(404, { "content-type": "text/plain" }).end("metrics are off: set TOLLGATE_METRICS_TOKEN\n");
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return void res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" }).end("send Authorization: Bearer <TOLLGATE_METRICS_TOKEN>\n");
  }
  if (req.method !== "GET") return void res.writeHead(405, { allow: "GET" }).end();
  try {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body);
  } catch (error) {
    res.writeHead(503, { "content-type": "text/plain" }).end(`metrics unavailable: ${error instanceof Error ? error.message : "unknown error"}
`);
  }
}
