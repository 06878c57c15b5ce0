// The floor: a bare node:http forwarding proxy with no auth and no metering,
// using the same keep-alive client (undici) as Tollgate. Everything under
// /api/v1 is forwarded to UPSTREAM_URL; bytes stream straight through.
import http from "node:http";
import { Agent, request } from "undici";

const upstream = process.env.UPSTREAM_URL!;
const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
const server = http.createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? "").replace(/^\/api\/v1/, "");
    const up = await request(`${upstream}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks), dispatcher: agent });
    res.writeHead(up.statusCode, { "content-type": String(up.headers["content-type"] ?? "application/json") });
    for await (const c of up.body) res.write(c);
    res.end();
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => process.exit(0));
