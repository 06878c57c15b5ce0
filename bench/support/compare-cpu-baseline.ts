// Keeps the hot path honest: the proxy CPU per request of this run against the
// previous recorded bench:proxy run in BENCHMARKS.md. Absolute µs move with
// the machine (two recorded runs on "the same" 2-core box differ 2x), so the
// call-out is made on the ratio to the bare forwarder measured in the same
// run; the absolute numbers are shown beside it.

/** The part of a recorded bench:proxy summary this reads. */
export interface RecordedProxyRun {
  bench: string;
  date: string;
  results: Record<string, { cpuUsPerReq: number | null }>;
}

export interface CpuComparison {
  /** "mixed:tollgate" etc. */
  key: string;
  before: { cpuUsPerReq: number; vsBare: number };
  now: { cpuUsPerReq: number; vsBare: number };
  /** Change of the bare-relative CPU per request, in percent (positive: more CPU). */
  changePercent: number;
  regression: boolean;
}

export const REGRESSION_PERCENT = 10;

/** The last bench:proxy summary recorded in a BENCHMARKS.md text (the JSON blocks the bench appends), or null. */
export function lastRecordedProxyRun(markdown: string): RecordedProxyRun | null {
  let last: RecordedProxyRun | null = null;
  for (const m of markdown.matchAll(/```json\n(\{.*\})\n```/g)) {
    try {
      const parsed = JSON.parse(m[1]!) as RecordedProxyRun;
      if (parsed.bench === "proxy" && parsed.results) last = parsed;
    } catch {
      // a hand-edited block: not a baseline
    }
  }
  return last;
}

/** Every Tollgate target measured in both runs, compared by its CPU per request relative to the bare forwarder of its mix. */
export function compareCpuBaseline(before: RecordedProxyRun, now: RecordedProxyRun["results"]): CpuComparison[] {
  const out: CpuComparison[] = [];
  for (const [key, result] of Object.entries(now)) {
    const [mix, target] = key.split(":");
    if (!target?.startsWith("tollgate")) continue;
    const was = before.results[key]?.cpuUsPerReq;
    const bareWas = before.results[`${mix}:bare`]?.cpuUsPerReq;
    const bareNow = now[`${mix}:bare`]?.cpuUsPerReq;
    if (result.cpuUsPerReq == null || was == null || !bareWas || !bareNow) continue;
    const vsBareWas = was / bareWas;
    const vsBareNow = result.cpuUsPerReq / bareNow;
    const changePercent = Math.round((vsBareNow / vsBareWas - 1) * 100);
    out.push({
      key,
      before: { cpuUsPerReq: was, vsBare: +vsBareWas.toFixed(2) },
      now: { cpuUsPerReq: result.cpuUsPerReq, vsBare: +vsBareNow.toFixed(2) },
      changePercent,
      regression: changePercent > REGRESSION_PERCENT,
    });
  }
  return out;
}
