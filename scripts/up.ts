// npm run up: runs Tollgate with demo data on embedded defaults.
//   no DATABASE_URL -> embedded Postgres (PGlite) under .data/, served on loopback
//   no REDIS_URL    -> a private redis-server on loopback, data under .data/redis
// then migrates, seeds once, builds when needed, starts web + worker and
// prints where to open the app and how to sign in. Ctrl-C stops everything.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { createDbClient } from "../lib/db/create-db-client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate-database";
import { seedDemo } from "../lib/demo/seed-demo";
import { loadWebEnv } from "../lib/env";
import { EnvError, exitOnEnvError } from "../lib/env/parse-env";
import { loadUpEnv } from "../lib/env/up-env";
import { readDemoCredentials, writeDemoCredentials } from "../lib/runtime/demo-credentials";
import { loadOrCreateLocalSecrets } from "../lib/runtime/local-secrets";
import { needsBuild } from "../lib/runtime/needs-build";
import { ensureRedisServerInstalled, startLocalRedis, type LocalRedis } from "../lib/runtime/start-local-redis";
import { checkServicesReachable } from "../lib/web/check-services-reachable";

const root = path.resolve(import.meta.dirname, "..");
const say = (line: string) => console.log(`[tollgate] ${line}`);
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

const children: ChildProcess[] = [];
let embedded: EmbeddedPostgres | undefined;
let redis: LocalRedis | undefined;
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  await Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => { c.once("exit", r); c.kill("SIGTERM"); }) : undefined)),
  );
  await redis?.stop();
  await embedded?.stop();
  process.exit(code);
}

function startChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  child.once("exit", (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${signal ?? code}); stopping the rest`);
    void stopAll(typeof code === "number" && code !== 0 ? code : 1);
  });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`web did not become healthy at ${url}`);
}

async function main() {
  const env = loadUpEnv();
  const dataDir = env.TOLLGATE_DATA_DIR;
  await mkdir(dataDir, { recursive: true });
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  const secrets = await loadOrCreateLocalSecrets(dataDir);

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    say(`starting embedded Postgres (PGlite) with data in ${path.relative(root, path.join(dataDir, "pglite")) || dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir });
    databaseUrl = embedded.url;
  }
  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    ensureRedisServerInstalled(say);
    redis = await startLocalRedis(dataDir);
    redisUrl = redis.url;
    say(`started redis-server on ${redisUrl}`);
  }
  const port = env.PORT;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? secrets.nextauthSecret,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    TOLLGATE_ENCRYPTION_KEY: env.TOLLGATE_ENCRYPTION_KEY ?? secrets.encryptionKey,
  };
  loadWebEnv(childEnv); // fail here, with one line, rather than in a child
  await checkServicesReachable({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl });

  const applied = await migrateDatabase(databaseUrl);
  say(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");

  if (env.TOLLGATE_SEED_DEMO === "true") {
    const db = createDbClient(databaseUrl, { poolSize: 2 });
    const seeded = await seedDemo(db, { ownerEmail: env.TOLLGATE_ADMIN_EMAIL, ownerPassword: env.TOLLGATE_ADMIN_PASSWORD });
    await db.$disconnect();
    if (seeded.created) {
      say(`seeded the demo org: ${seeded.usageEvents} usage events over 30 days`);
      await writeDemoCredentials(dataDir, { email: seeded.ownerEmail, password: seeded.ownerPassword, apiKey: seeded.demoApiKey });
    }
  }

  if (await needsBuild(root)) {
    say("building the web app (next build)…");
    const build = spawnSync(bin("next"), ["build"], { cwd: root, env: childEnv, stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }

  // node --import tsx (not the tsx CLI wrapper), so SIGTERM reaches each process's own graceful shutdown.
  startChild("web", process.execPath, ["--import", "tsx", "scripts/start-web.ts"], { ...childEnv, PORT: String(port), TOLLGATE_HOST: env.TOLLGATE_HOST });
  startChild("worker", process.execPath, ["--import", "tsx", "workers/index.ts"], childEnv);
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, 120_000);

  const creds = await readDemoCredentials(dataDir);
  const lines = [
    "",
    `Tollgate is running: open http://localhost:${port}`,
    `  sign in:  ${env.TOLLGATE_ADMIN_EMAIL}  /  ${env.TOLLGATE_ADMIN_PASSWORD ? "(the TOLLGATE_ADMIN_PASSWORD you set)" : (creds?.password ?? "(set when this database was first seeded)")}`,
    creds?.apiKey ? `  demo API key (project support-copilot): ${creds.apiKey}` : undefined,
    creds?.apiKey ? `  (a copy of both is kept in ${path.join(dataDir, "demo-credentials.json")}, readable only by you)` : undefined,
    `  data: ${embedded ? `embedded Postgres in ${dataDir}` : "DATABASE_URL"}; Redis: ${redis ? "local redis-server" : "REDIS_URL"}`,
    "  Ctrl-C stops everything; the data stays for the next start.",
    "",
  ].filter((l) => l !== undefined);
  console.log(lines.join("\n"));
}

main().catch(async (error: unknown) => {
  for (const c of children) c.kill("SIGTERM");
  await Promise.all([redis?.stop(), embedded?.stop()]).catch(() => {});
  if (error instanceof EnvError) exitOnEnvError(error, "up");
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
