// npm run start:web: the production web process (UI + management API via
// Next, the proxy on its fast path), on PORT. Needs `npm run build` first.
// Production runs it compiled (.data/build/web.mjs, lib/runtime/build-process-bundle.ts).
// TOLLGATE_WEB_PROCESSES > 1: that many of them share PORT (lib/web/supervise-web-processes.ts).
import cluster from "node:cluster";
import next from "next";
import { createDbClient } from "../lib/db/create-db-client";
import { loadWebEnv } from "../lib/env";
import { exitOnEnvError } from "../lib/env/parse-env";
import { createLogger, getLogger } from "../lib/log/logger";
import { createRedis } from "../lib/redis/create-redis";
import { appRoot } from "../lib/runtime/app-root";
import { startWeb } from "../lib/web/start-web";
import { createWebServer } from "../lib/web/create-web-server";
import { superviseWebProcesses } from "../lib/web/supervise-web-processes";

async function main() {
  await startWeb(); // env and service checks; Next's instrumentation then finds them done
  const env = loadWebEnv();
  const log = getLogger();
  const app = env.TOLLGATE_SERVE_UI === "true" ? next({ dev: false, dir: appRoot(), hostname: env.TOLLGATE_HOST ?? "localhost", port: env.PORT }) : null;
  await app?.prepare();
  const handle = app?.getRequestHandler();
  const db = createDbClient(env.DATABASE_URL);
  const redis = createRedis(env.REDIS_URL);
  const subscriber = createRedis(env.REDIS_URL);
  const web = await createWebServer({ env, db, redis, subscriber, log, nextHandler: handle && ((req, res) => handle(req, res)) });
  await new Promise<void>((resolve) => (env.TOLLGATE_HOST ? web.server.listen(env.PORT, env.TOLLGATE_HOST, resolve) : web.server.listen(env.PORT, resolve)));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "web stopping");
    await web.close();
    await app?.close();
    await db.$disconnect();
    redis.disconnect();
    subscriber.disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // Only after the handlers exist: a supervisor may send SIGTERM as soon as it reads this line.
  log.info({ port: env.PORT, ui: Boolean(app) }, "web listening");
}

function start() {
  let processes: number;
  try {
    processes = loadWebEnv().TOLLGATE_WEB_PROCESSES;
  } catch (error) {
    return exitOnEnvError(error, "web");
  }
  if (processes > 1 && cluster.isPrimary) return superviseWebProcesses(processes, createLogger({ name: "tollgate-web", level: loadWebEnv().TOLLGATE_LOG_LEVEL }));
  main().catch((error) => exitOnEnvError(error, "web"));
}

start();
