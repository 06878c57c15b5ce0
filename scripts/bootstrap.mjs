// Lets `npm run up` and `npm test` work on a fresh clone: installs the
// dependencies (npm ci) when they are missing or older than package-lock.json,
// then runs the TypeScript entry point with tsx. Plain JS: tsx may not exist yet.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entries = { up: "scripts/up.ts", test: "scripts/test.ts" };
const entry = entries[process.argv[2]];
if (!entry) {
  console.error(`usage: node scripts/bootstrap.mjs ${Object.keys(entries).join("|")}`);
  process.exit(2);
}

const installed = path.join(root, "node_modules", ".package-lock.json");
const lock = path.join(root, "package-lock.json");
if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  console.log("[tollgate] installing dependencies (npm ci)…");
  const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const tsx = path.join(root, "node_modules", ".bin", "tsx");
const child = spawnSync(tsx, [entry, ...process.argv.slice(3)], { cwd: root, stdio: "inherit" });
process.exit(child.status ?? (child.signal ? 1 : 0));
