// Lets `npm run up` and `npm test` work on a fresh clone: installs the
// dependencies when they are missing or were installed from another
// package-lock.json, then runs the TypeScript entry point with tsx.
// Plain JS: tsx may not exist yet.
//
// `npm install`, not `npm ci`: the registry these machines reach serves only
// this platform's optional native packages, so the lockfile cannot list the
// other platforms' ones, and `npm ci` rejects such a lockfile. With the lock
// present, `npm install` installs exactly the locked versions.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entries = { up: "scripts/up.ts", test: "scripts/test.ts" };
const entry = entries[process.argv[2]];
if (!entry) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(entries).join("|")}`);
  process.exit(2);
}

const stamp = path.join(root, "node_modules", ".tollgate-installed");
const lockHash = () => createHash("sha256").update(readFileSync(path.join(root, "package-lock.json"))).digest("hex");
if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== lockHash()) {
  console.log("[tollgate] installing dependencies (npm install from package-lock.json)…");
  // --include=dev: under NODE_ENV=production npm would leave out the dev dependencies, and the stamp
  // below would then tell a later `npm test` that vitest and Playwright were installed.
  const install = spawnSync("npm", ["install", "--include=dev", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (install.status !== 0) process.exit(install.status ?? 1);
  writeFileSync(stamp, lockHash());
}

// The local runner's llama.cpp lives in its own package so that its optional
// GPU builds (about 650 MB) never install: --omit=optional is safe there and
// not at the root, where native binaries (argon2, tailwind) are optional deps.
// TOLLGATE_LOCAL_MODEL=off skips it (no demo local model, no runner tests).
const runnerDir = path.join(root, "local-runner");
const runnerStamp = path.join(runnerDir, "node_modules", ".tollgate-installed");
const runnerLockHash = () => createHash("sha256").update(readFileSync(path.join(runnerDir, "package-lock.json"))).digest("hex");
if (process.env.TOLLGATE_LOCAL_MODEL !== "off" && (!existsSync(runnerStamp) || readFileSync(runnerStamp, "utf8") !== runnerLockHash())) {
  console.log("[tollgate] installing the local runner (llama.cpp, CPU build only)…");
  const install = spawnSync("npm", ["install", "--omit=optional", "--no-audit", "--no-fund"], { cwd: runnerDir, stdio: "inherit" });
  if (install.status !== 0) process.exit(install.status ?? 1);
  writeFileSync(runnerStamp, runnerLockHash());
}

// node --import tsx, not the tsx CLI: the CLI SIGKILLs its child when the
// child does not acknowledge a relayed signal within 30 ms, which a busy
// process shutting down in order (npm run up) often misses.
// Wait for the entry point to finish, also on Ctrl-C or SIGTERM, so the
// command returns only once everything has stopped. A signal sent to this
// process alone is passed on (a terminal's Ctrl-C reaches the child directly
// as well; up treats the two as one).
const child = spawn(process.execPath, ["--import", "tsx", entry, ...process.argv.slice(3)], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
