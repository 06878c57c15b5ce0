// Appends a dated section to BENCHMARKS.md.
import { appendFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const benchmarksFile = path.resolve(import.meta.dirname, "../../BENCHMARKS.md");

export async function recordBenchmark(title: string, body: string): Promise<void> {
  const existing = await readFile(benchmarksFile, "utf8").catch(() => null);
  if (existing === null) {
    await writeFile(benchmarksFile, "# Benchmarks\n\nResults appended by `npm run bench:*` (newest last). Medians of repeated runs on a noisy 2-core machine: read the ratios, not the absolute numbers.\n");
  }
  await appendFile(benchmarksFile, `\n## ${title}\n\n${body.trim()}\n`);
}

/** Records a benchmark section (prose lines, then the summary as JSON) and prints the one-line summary. */
export async function reportBenchmark(title: string, lines: string[], summary: object): Promise<void> {
  await recordBenchmark(title, [...lines, "", "```json", JSON.stringify(summary), "```"].join("\n"));
  console.log(JSON.stringify(summary));
}
