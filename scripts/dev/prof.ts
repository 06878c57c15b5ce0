import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { createDbClient } from "../../lib/db/create-db-client";
import { migrateDatabase } from "../../lib/db/migrate-database";
import { createProxyOrg } from "../../tests/support/create-proxy-org";
import { freePort, startPostgres, startRedis } from "../../tests/support/local-services";
import { adminQuery, withDatabase } from "../../tests/support/test-database";
import { startProcess } from "../../bench/support/start-process";
const pg = await startPostgres(); const redis = await startRedis();
await adminQuery(pg.url, "CREATE DATABASE bench"); const databaseUrl = withDatabase(pg.url, "bench"); await migrateDatabase(databaseUrl);
const key = randomBytes(32); const [up, tg] = [await freePort(), await freePort()];
const upstreamUrl = `http://127.0.0.1:${up}/v1`;
const org = await createProxyOrg(createDbClient(databaseUrl), upstreamUrl, key);
const u = await startProcess("up", ["--import", "tsx", "bench/support/fake-upstream-server.ts"], { PORT: String(up) }, /ready/);
const w = await startProcess("tg", [...(process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : []), "--import", "tsx", "scripts/start-web.ts"], { PORT: String(tg), TOLLGATE_HOST: "127.0.0.1", TOLLGATE_SERVE_UI: "false", DATABASE_URL: databaseUrl, REDIS_URL: redis.url, NEXTAUTH_SECRET: "x".repeat(40), TOLLGATE_ENCRYPTION_KEY: key.toString("base64") }, /web listening/);
const body = (stream: boolean) => JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "Summarise the quarterly spend report in one line." }], stream });
const { startProcess: sp } = await import("../../bench/support/start-process");
const worker = process.env.WORKER ? await sp("worker", ["--import", "tsx", "workers/index.ts"], { DATABASE_URL: databaseUrl, REDIS_URL: redis.url }, /worker started/) : null;
for (const mode of ["warm", "mixed", "fixed", "fixed"]) {
  const r = await autocannon({ ...(mode === "fixed" ? { overallRate: 1000 } : {}), url: `http://127.0.0.1:${tg}/api/v1/chat/completions`, method: "POST", connections: 50, duration: mode === "warm" ? 2 : 5, headers: { "content-type": "application/json", authorization: `Bearer ${org.apiKey}` }, requests: mode !== "warm" ? [{ body: body(false) }, { body: body(true) }] : [{ body: body(false) }] });
  console.log(mode, Math.round(r.requests.average), "rps", r["2xx"], "ok", r.non2xx, "non2xx", r.latency.p50, r.latency.p99);
}
await worker?.stop(); await w.stop(); await u.stop(); await redis.stop(); await pg.stop(); process.exit(0);
