// For development: private Postgres and Redis on free loopback ports (the
// same ones `npm test` starts), kept until Ctrl-C. Prints their URLs so you
// can run single test files: TEST_DATABASE_URL=... TEST_REDIS_URL=... npx vitest run <file>
import { startPostgres, startRedis } from "../tests/support/local-services";

const pg = await startPostgres();
const redis = await startRedis();
console.log(`TEST_DATABASE_URL=${pg.url} TEST_REDIS_URL=${redis.url}`);
const stop = async () => {
  await Promise.all([pg.stop(), redis.stop()]);
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
setInterval(() => {}, 1 << 30);
