// `npm run up` and `npm test` set up what they need themselves on a fresh
// Debian machine: missing system packages are installed with apt-get when we
// are root; otherwise we stop with one line that says what to install.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

export interface SystemNeed {
  /** Debian package that provides it. */
  debianPackage: string;
  /** True when it is already usable. */
  present: () => boolean;
  /** What to tell a user who is not root (or not on Debian). */
  hint: string;
}

export const hasCommand = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

export const needs = {
  redisServer: {
    debianPackage: "redis-server",
    present: () => hasCommand("redis-server"),
    hint: "redis-server (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)",
  },
  postgresServer: {
    debianPackage: "postgresql",
    present: () => existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)),
    hint: "PostgreSQL 15+ server binaries (Debian/Ubuntu: sudo apt-get install postgresql)",
  },
  chromium: (path: string): SystemNeed => ({
    debianPackage: "chromium",
    present: () => existsSync(path),
    hint: `Chromium at ${path} (Debian: sudo apt-get install chromium; or set CHROMIUM_PATH)`,
  }),
} satisfies Record<string, SystemNeed | ((path: string) => SystemNeed)>;

export class MissingSystemPackages extends Error {}

function aptInstall(packages: string[], log: (line: string) => void): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = () => spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { stdio: "inherit", env }).status === 0;
  if (install()) return true;
  // A fresh machine has no package lists yet.
  log("apt-get install failed; running apt-get update and trying again…");
  if (spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env }).status !== 0) return false;
  return install();
}

/** Installs what is missing when it can; throws MissingSystemPackages (one line) when it cannot. */
export function ensureSystemPackages(
  required: SystemNeed[],
  log: (line: string) => void,
  install: (packages: string[], log: (line: string) => void) => boolean = aptInstall,
  canInstall: boolean = process.getuid?.() === 0 && hasCommand("apt-get"),
): void {
  const missing = required.filter((n) => !n.present());
  if (missing.length === 0) return;
  const packages = missing.map((n) => n.debianPackage);
  if (canInstall) {
    log(`installing missing Debian packages: ${packages.join(", ")}…`);
    install(packages, log);
  }
  const still = missing.filter((n) => !n.present());
  if (still.length > 0) throw new MissingSystemPackages(`missing: ${still.map((n) => n.hint).join("; ")}`);
}
