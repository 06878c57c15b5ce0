// npm run up: runs Tollgate with demo data on embedded defaults.
//   no DATABASE_URL -> embedded Postgres (PGlite) under .data/, served on loopback
//   no REDIS_URL    -> a private redis-server on loopback, data under .data/redis
// then migrates, seeds once, starts the local runner on the generated tiny
// model (the demo's local-tiny; TOLLGATE_LOCAL_MODEL=off skips it), builds
// when needed, starts web + worker and prints where to open the app and how
// to sign in.
//
// Stopping (Ctrl-C, SIGTERM): in order, web and worker first (they still need
// Redis, Postgres and the local model to finish), then the local runner, then
// redis-server, then the embedded Postgres; each with a bounded wait, then SIGKILL. A second Ctrl-C/SIGTERM
// (a second later or more) kills what is left at once. Every child runs in its own process group, so
// a terminal's Ctrl-C reaches only this process; if this process is
// SIGKILLed, the children notice and stop themselves (stop-with-parent.ts,
// start-local-redis.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createDbClient } from "../lib/db/create-db-client";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../lib/db/embedded-postgres";
import { migrateDatabase } from "../lib/db/migrate-database";
import { DEMO_LOCAL_MODEL, ensureDemoLocalModel } from "../lib/demo/ensure-demo-local-model";
import { formatHardwareCost } from "../lib/format/format-hardware-cost";
import { DEMO_DAYS, seedDemo } from "../lib/demo/seed-demo";
import { prepareDemoBenchmarks, startDemoBenchmarkRuns } from "../lib/demo/start-demo-benchmarks";
import { startDemoWhatIf } from "../lib/demo/start-demo-whatif";
import { closeQueues } from "../lib/queues/get-queue";
import { loadWebEnv } from "../lib/env";
import { EnvError, exitOnEnvError } from "../lib/env/parse-env";
import { loadUpEnv } from "../lib/env/up-env";
import { readDemoCredentials, writeDemoCredentials } from "../lib/runtime/demo-credentials";
import { isLocalRunnerInstalled } from "../lib/local-model/load-node-llama-cpp";
import { TINY_MODEL } from "../lib/local-model/write-tiny-gguf";
import { createRedis } from "../lib/redis/create-redis";
import { freePort } from "../lib/runtime/free-port";
import { loadOrCreateLocalSecrets } from "../lib/runtime/local-secrets";
import { buildProcessBundle } from "../lib/runtime/build-process-bundle";
import { makePrivateDir } from "../lib/runtime/make-private-dir";
import { needsBuild } from "../lib/runtime/needs-build";
import { ensureRedisServerInstalled, startLocalRedis, type LocalRedis } from "../lib/runtime/start-local-redis";
import { hasExited, stopChild } from "../lib/runtime/stop-child";
import { checkServicesReachable, redactUrl } from "../lib/web/check-services-reachable";

const root = path.resolve(import.meta.dirname, "..");
const say = (line: string) => console.log(`[tollgate] ${line}`);
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

const children: ChildProcess[] = [];
// The local runner serves web's proxy requests: it stops after web and worker.
let runner: ChildProcess | undefined;
let embedded: EmbeddedPostgres | undefined;
let redis: LocalRedis | undefined;
let stopping = false;

// Bounded waits: together well under 15 s.
const APP_GRACE_MS = 8_000;
const REDIS_GRACE_MS = 3_000;
const RUNNER_GRACE_MS = 2_000;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say("stopping… (press Ctrl-C again to kill at once)");
  await Promise.all(children.map((c) => stopChild(c, APP_GRACE_MS)));
  if (runner) await stopChild(runner, RUNNER_GRACE_MS);
  await redis?.stop(REDIS_GRACE_MS);
  await embedded?.stop();
  process.exit(code);
}

/** The second signal: no more waiting. */
function killAll() {
  say("killing what is left");
  for (const c of [...children, runner, redis?.process]) if (c && !hasExited(c)) c.kill("SIGKILL");
  process.exit(130);
}

// One Ctrl-C can arrive twice: the terminal signals the whole group and a
// wrapper (npm, the tsx CLI) may relay it as well. Only a signal well after
// the first counts as the second, forcing one.
const SECOND_SIGNAL_AFTER_MS = 1_000;
let firstSignalAt = 0;

function onSignal() {
  if (!stopping) {
    firstSignalAt = Date.now();
    void stopAll(0);
  } else if (firstSignalAt && Date.now() - firstSignalAt > SECOND_SIGNAL_AFTER_MS) killAll();
}

/** `script`: TypeScript, run through tsx; a compiled .mjs (the worker bundle, which has stop-with-parent built in) runs as it is. */
function startChild(name: string, script: string, env: NodeJS.ProcessEnv, args: string[] = []): ChildProcess {
  // node --import tsx (not the tsx CLI wrapper), so SIGTERM reaches each process's own graceful shutdown.
  // Own process group + IPC channel: see the header and lib/runtime/stop-with-parent.ts.
  const preloads = script.endsWith(".mjs") ? [] : ["--import", "tsx", "--import", "./lib/runtime/stop-with-parent.ts"];
  const child = spawn(process.execPath, [...preloads, script, ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    detached: true,
  });
  child.once("exit", (code, signal) => {
    if (stopping) return;
    say(`${name} exited (${signal ?? code}); stopping the rest`);
    void stopAll(typeof code === "number" && code !== 0 ? code : 1);
  });
  return child;
}

async function waitForHealth(url: string, timeoutMs: number, what = "web") {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not become healthy at ${url}`);
}

async function main() {
  const env = loadUpEnv();
  const dataDir = env.TOLLGATE_DATA_DIR;
  await makePrivateDir(dataDir);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);

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
    redis = await startLocalRedis(dataDir, secrets.redisPassword, [Number(env.PORT)]);
    redisUrl = redis.url;
    say(`started redis-server on ${redactUrl(redisUrl)} (password in ${path.join(dataDir, "secrets.json")})`);
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
    // The worker's benchmark runs go through this instance's own proxy.
    TOLLGATE_PROXY_URL: process.env.TOLLGATE_PROXY_URL ?? `http://127.0.0.1:${port}/api/v1`,
  };
  loadWebEnv(childEnv); // fail here, with one line, rather than in a child
  await checkServicesReachable({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl });

  const applied = await migrateDatabase(databaseUrl);
  say(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");

  if (env.TOLLGATE_SEED_DEMO === "true") {
    const db = createDbClient(databaseUrl, { poolSize: 2 });
    const seedStarted = Date.now();
    const seeded = await seedDemo(db, { ownerEmail: env.TOLLGATE_ADMIN_EMAIL, ownerPassword: env.TOLLGATE_ADMIN_PASSWORD });
    await db.$disconnect();
    if (seeded.created) {
      say(`seeded the demo org: ${seeded.usageEvents} synthetic usage events over ${DEMO_DAYS} days in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
      await writeDemoCredentials(dataDir, { email: seeded.ownerEmail, password: seeded.ownerPassword, apiKey: seeded.demoApiKey });
    }
  }

  // The demo's local model: the runner on the generated tiny model, on a free loopback port, and the
  // demo org's local-tiny pointed at it (it loads while the web app builds).
  let localModelUrl: string | undefined;
  let demoLocalModel = false;
  if (env.TOLLGATE_LOCAL_MODEL === "on") {
    if (!isLocalRunnerInstalled(root)) throw new Error("the local runner (local-runner/node_modules) is not installed: run `npm run up` again (it installs it), or set TOLLGATE_LOCAL_MODEL=off");
    const runnerPort = await freePort([Number(env.PORT), ...(redis ? [Number(new URL(redis.url).port)] : [])]);
    localModelUrl = `http://127.0.0.1:${runnerPort}`;
    runner = startChild("local model", "scripts/runner.ts", { ...childEnv, TOLLGATE_DATA_DIR: dataDir }, ["--port", String(runnerPort), "--name", TINY_MODEL.name, "--quiet"]);
    // Also without TOLLGATE_SEED_DEMO: a demo org seeded earlier follows the runner to its new port.
    const db = createDbClient(databaseUrl, { poolSize: 2 });
    const catalogRedis = createRedis(redisUrl);
    try {
      const result = await ensureDemoLocalModel(db, catalogRedis, { baseUrl: `${localModelUrl}/v1`, upstreamModel: TINY_MODEL.name });
      demoLocalModel = result.status !== "no-demo-org";
      if (result.status === "created") say(`added the demo local model "${DEMO_LOCAL_MODEL.alias}", priced by hardware: ${formatHardwareCost(DEMO_LOCAL_MODEL.hourlyCostUsd, DEMO_LOCAL_MODEL.expectedUtilisation)}`);
    } finally {
      await db.$disconnect();
      catalogRedis.disconnect();
    }
  }

  if (env.TOLLGATE_SEED_DEMO === "true") {
    const db = createDbClient(databaseUrl, { poolSize: 2 });
    const benchRedis = createRedis(redisUrl);
    try {
      await prepareDemoBenchmarks(db, benchRedis);
      // Queued now; the worker (started below) computes it.
      // A demo extra: if it cannot start (say, a demo model lost its price), the app still starts.
      const whatIf = await startDemoWhatIf(db, benchRedis).catch((error: unknown) => {
        say(`the demo what-if scenario was not started: ${(error as Error).message}`);
        return null;
      });
      if (whatIf) say("started the demo what-if scenario (the worker simulates it over the demo's synthetic traffic)");
    } finally {
      await closeQueues();
      await db.$disconnect();
      benchRedis.disconnect();
    }
  }

  // A proxy-only instance (TOLLGATE_SERVE_UI=false) does not load Next: no build needed.
  if (env.TOLLGATE_SERVE_UI === "true" && (await needsBuild(root))) {
    say("building the web app (next build)…");
    const build = spawnSync(bin("next"), ["build"], { cwd: root, env: childEnv, stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }

  children.push(startChild("web", await buildProcessBundle(root, "web"), { ...childEnv, PORT: String(port), TOLLGATE_HOST: env.TOLLGATE_HOST }));
  children.push(startChild("worker", await buildProcessBundle(root, "worker"), childEnv));
  if (localModelUrl) await waitForHealth(`${localModelUrl}/health`, 120_000, "the local model");
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, 120_000);

  if (env.TOLLGATE_SEED_DEMO === "true" && demoLocalModel) {
    const db = createDbClient(databaseUrl, { poolSize: 2 });
    const benchRedis = createRedis(redisUrl);
    try {
      const demo = await startDemoBenchmarkRuns(db, benchRedis);
      if (demo.started > 0) say(`started ${demo.started} demo benchmark runs of starter suites against "${DEMO_LOCAL_MODEL.alias}" (the worker runs them through the proxy)`);
    } finally {
      await closeQueues();
      await db.$disconnect();
      benchRedis.disconnect();
    }
  }

  const creds = await readDemoCredentials(dataDir);
  const lines = [
    "",
    `Tollgate is running: open http://localhost:${port}`,
    `  sign in:  ${env.TOLLGATE_ADMIN_EMAIL}  /  ${env.TOLLGATE_ADMIN_PASSWORD ? "(the TOLLGATE_ADMIN_PASSWORD you set)" : (creds?.password ?? "(set when this database was first seeded)")}`,
    creds?.apiKey ? `  demo API key (project support-copilot): ${creds.apiKey}` : undefined,
    creds?.apiKey ? `  (a copy of both is kept in ${path.join(dataDir, "demo-credentials.json")}, readable only by you)` : undefined,
    localModelUrl
      ? `  local model: ${demoLocalModel ? `"${DEMO_LOCAL_MODEL.alias}" through the proxy, ` : ""}served at ${localModelUrl}/v1: a tiny model with random weights, its answers are gibberish; TOLLGATE_LOCAL_MODEL=off turns it off`
      : undefined,
    `  data: ${embedded ? `embedded Postgres in ${dataDir}` : "DATABASE_URL"}; Redis: ${redis ? "local redis-server" : "REDIS_URL"}`,
    "  Ctrl-C stops everything (a second Ctrl-C kills it at once); the data stays for the next start.",
    "",
  ].filter((l) => l !== undefined);
  console.log(lines.join("\n"));
}

main().catch(async (error: unknown) => {
  stopping = true;
  await Promise.all(children.map((c) => stopChild(c, APP_GRACE_MS)));
  if (runner) await stopChild(runner, RUNNER_GRACE_MS);
  await redis?.stop(REDIS_GRACE_MS).catch(() => {});
  await embedded?.stop().catch(() => {});
  if (error instanceof EnvError) exitOnEnvError(error, "up");
  say(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
