// npm run bench:bundle: the JavaScript a browser downloads on the first load
// of each page, gzipped, from the last `next build` (run it first). Per page:
// the root main files every page loads plus every chunk the page's client
// reference manifest names (its client components and those of its layouts).
// The target (issue 14): the largest page under 300 kB gzipped.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describeMachine } from "./support/machine";
import { reportBenchmark } from "./support/record-result";

const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, ".next");
const TARGET_KB = 300;

if (!existsSync(path.join(next, "BUILD_ID"))) {
  console.error("no build found: run `npm run build` first");
  process.exit(1);
}

const gzipped = new Map<string, number>();
function gzipKb(file: string): number {
  let size = gzipped.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(path.join(next, file.replace(/^\/_next\//, "")))).length;
    gzipped.set(file, size);
  }
  return size;
}

const buildManifest = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
const routes = JSON.parse(readFileSync(path.join(next, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
const pages = Object.entries(routes).filter(([entry]) => entry.endsWith("/page") && !entry.includes("_global-error") && !entry.includes("_not-found"));

const rows: { route: string; kb: number }[] = [];
for (const [entry, route] of pages) {
  const manifestFile = path.join(next, "server", "app", `${entry}_client-reference-manifest.js`);
  if (!existsSync(manifestFile)) continue;
  const text = readFileSync(manifestFile, "utf8");
  const chunks = new Set<string>(buildManifest.rootMainFiles);
  for (const match of text.matchAll(/"chunks":\[([^\]]*)\]/g)) {
    for (const c of match[1]!.matchAll(/"([^"]+\.js)"/g)) chunks.add(c[1]!);
  }
  const bytes = [...chunks].reduce((sum, c) => sum + gzipKb(c), 0);
  rows.push({ route, kb: Math.round((bytes / 1024) * 10) / 10 });
}
rows.sort((a, b) => b.kb - a.kb);
const largest = rows[0]!;
const lines = [
  `${new Date().toISOString().slice(0, 10)}, ${describeMachine()}. First-load JavaScript per page, gzipped (root main files plus the chunks of the page's client components and layouts), from \`next build\`.`,
  "",
  "| page | first-load JS (kB, gzip) |",
  "|---|---:|",
  ...rows.map((r) => `| \`${r.route}\` | ${r.kb} |`),
  "",
  `Largest: \`${largest.route}\` at ${largest.kb} kB against the ${TARGET_KB} kB target: ${largest.kb <= TARGET_KB ? "met" : "NOT met"}.`,
];
await reportBenchmark("First-load JavaScript per page", lines, { bench: "first-load-js", date: new Date().toISOString(), largestKb: largest.kb, targetKb: TARGET_KB, meets: largest.kb <= TARGET_KB, pages: rows });
