// npm test: lint, typecheck, unit + integration tests (vitest) and browser
// tests (Playwright in Debian's Chromium). Starts private Postgres and Redis
// servers on free loopback ports with throw-away data directories, and stops
// and deletes them afterwards, touching nothing else on the machine.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureSystemPackages, needs } from "../lib/runtime/ensure-system-packages";
import { freePort, startPostgres, startRedis, type LocalService } from "../tests/support/local-services";
import { adminQuery, withDatabase } from "../tests/support/test-database";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const say = (line: string) => console.log(`\n[npm test] ${line}`);

function step(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  say(name);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${name} failed`);
  console.log(`[npm test] ${name}: ok in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

const services: LocalService[] = [];
let e2eDataDir: string | undefined;

// TEST_ONLY=browser runs just the Playwright suite (for working on it); CI runs everything.
const browserOnly = process.env.TEST_ONLY === "browser";
// `TEST_ONLY=browser npm test -- tests/e2e/roles.spec.ts` runs one spec.
const playwrightArgs = process.argv.slice(2);

async function main() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  // A fresh machine lacks these: install them (root) or say what to install, before anything runs.
  ensureSystemPackages([needs.postgresServer, needs.redisServer, needs.chromium(chromium)], (line) => say(line));

  if (!browserOnly) {
    step("lint (eslint)", bin("eslint"), ["--max-warnings", "0", "."]);
    step("typecheck (tsc --noEmit)", bin("tsc"), ["--noEmit"]);
  }

  say("starting private PostgreSQL and Redis");
  const pg = await startPostgres();
  services.push(pg);
  const redis = await startRedis();
  services.push(redis);
  console.log(`[npm test] PostgreSQL: ${pg.version} at ${new URL(pg.url).host}`);
  console.log(`[npm test] Redis: ${redis.version} at ${new URL(redis.url).host}`);
  const serviceEnv = { ...process.env, TEST_DATABASE_URL: pg.url, TEST_REDIS_URL: redis.url, TEST_POSTGRES_VERSION: pg.version, TEST_REDIS_VERSION: redis.version };

  if (!browserOnly) step("unit and integration tests (vitest)", bin("vitest"), ["run"], serviceEnv);

  const chromiumVersion = spawnSync(chromium, ["--version"], { encoding: "utf8" }).stdout.trim();
  await adminQuery(pg.url, "CREATE DATABASE tollgate_e2e");
  e2eDataDir = mkdtempSync(path.join(os.tmpdir(), "tollgate-e2e-"));
  const e2eRedis = new URL(redis.url);
  e2eRedis.pathname = "/7";
  const e2eEnv = {
    ...serviceEnv,
    E2E_PORT: String(await freePort()),
    E2E_DATABASE_URL: withDatabase(pg.url, "tollgate_e2e"),
    E2E_REDIS_URL: e2eRedis.toString(),
    E2E_DATA_DIR: e2eDataDir,
    E2E_ADMIN_EMAIL: "owner@e2e.test",
    E2E_ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    CHROMIUM_PATH: chromium,
  };
  console.log(`[npm test] browser: ${chromiumVersion} (${chromium})`);
  step(`browser tests (Playwright in ${chromiumVersion})`, bin("playwright"), ["test", ...playwrightArgs], e2eEnv);
}

async function cleanup() {
  await Promise.all(services.map((s) => s.stop().catch(() => {})));
  if (e2eDataDir) rmSync(e2eDataDir, { recursive: true, force: true });
}

main().then(
  async () => {
    await cleanup();
    say("all checks passed");
  },
  async (error: unknown) => {
    await cleanup();
    console.error(`\n[npm test] FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
