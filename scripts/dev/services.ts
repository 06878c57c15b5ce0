import { startPostgres, startRedis } from "../../tests/support/local-services";
const pg = await startPostgres(); const r = await startRedis();
console.log(pg.url, pg.version, r.url, r.version);
process.on("SIGTERM", async () => { await pg.stop(); await r.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
