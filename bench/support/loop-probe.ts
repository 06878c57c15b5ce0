// A preload for benchmark processes (node --import tsx --import ./bench/support/loop-probe.ts):
// samples the event-loop delay (perf_hooks.monitorEventLoopDelay) and records every GC pause
// (PerformanceObserver on "gc"). On SIGUSR2 it writes what it saw since the previous signal to
// BENCH_PROBE_FILE as JSON and starts over, so the bench brackets one load run between two
// signals. Nothing in the product imports it.
import { writeFileSync } from "node:fs";
import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  // 1 ms sampling: the tail we look for is a few ms wide.
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const pauses: { kind: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ kind: (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0, ms: e.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  let seq = 0;
  let since = performance.now();
  process.on("SIGUSR2", () => {
    const ms = (ns: number) => +(ns / 1e6).toFixed(2);
    const sorted = pauses.map((p) => p.ms).sort((a, b) => a - b);
    const byKind = (kind: number) => pauses.filter((p) => p.kind === kind);
    const sum = (xs: { ms: number }[]) => +xs.reduce((n, p) => n + p.ms, 0).toFixed(2);
    const snapshot = {
      seq: ++seq,
      wallMs: Math.round(performance.now() - since),
      eventLoopDelayMs: { p50: ms(eld.percentile(50)), p90: ms(eld.percentile(90)), p99: ms(eld.percentile(99)), max: ms(eld.max), mean: ms(eld.mean) },
      gc: {
        count: pauses.length,
        totalMs: sum(pauses),
        maxMs: +(sorted.at(-1) ?? 0).toFixed(2),
        p99Ms: +(sorted[Math.floor(sorted.length * 0.99)] ?? 0).toFixed(2),
        over2ms: sorted.filter((x) => x > 2).length,
        minor: { count: byKind(constants.NODE_PERFORMANCE_GC_MINOR).length, totalMs: sum(byKind(constants.NODE_PERFORMANCE_GC_MINOR)) },
        major: { count: byKind(constants.NODE_PERFORMANCE_GC_MAJOR).length, totalMs: sum(byKind(constants.NODE_PERFORMANCE_GC_MAJOR)) },
        incremental: { count: byKind(constants.NODE_PERFORMANCE_GC_INCREMENTAL).length, totalMs: sum(byKind(constants.NODE_PERFORMANCE_GC_INCREMENTAL)) },
      },
    };
    writeFileSync(file, JSON.stringify(snapshot));
    eld.reset();
    pauses.length = 0;
    since = performance.now();
  });
}
