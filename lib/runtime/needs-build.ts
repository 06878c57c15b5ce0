// True when the production build is missing or older than any source file.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "postcss.config.mjs", "instrumentation.ts", "next.config.js", "package-lock.json", "tsconfig.json"];

async function newestMtime(target: string): Promise<number> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target);
  const times = await Promise.all(entries.map((e) => newestMtime(path.join(target, e))));
  return Math.max(info.mtimeMs, ...times);
}

export async function needsBuild(root: string): Promise<boolean> {
  const built = await stat(path.join(root, ".next", "BUILD_ID")).catch(() => undefined);
  if (!built) return true;
  const newest = Math.max(...(await Promise.all(SOURCES.map((s) => newestMtime(path.join(root, s))))));
  return newest > built.mtimeMs;
}
