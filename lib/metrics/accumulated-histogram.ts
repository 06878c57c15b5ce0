// A Prometheus histogram whose series are plain bucket arrays, registered in a
// prom-client Registry like its own metrics. prom-client's Histogram turns
// every observation into a label object and hashes it (its children too):
// on the proxy's hot path that cost more than the counting (2-3% of the web
// process's CPU in bench:proxy profiles, 2026-12-03). Here a caller keeps the
// series it observes into, and the exposition is built at scrape time.
import type { Metric, MetricValueWithName, Registry } from "prom-client";

export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bucket, not cumulative; the last slot is +Inf. */
  readonly counts: number[];
  sum: number;
  count: number;
}

export class AccumulatedHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly all = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    /** Upper bounds, ascending. */
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series for these label values (in labelNames order), made on first use: keep it and observe into it. */
  series(...values: string[]): HistogramSeries {
    const key = values.join("\u0000");
    let s = this.all.get(key);
    if (!s) {
      s = { labels: Object.fromEntries(this.labelNames.map((n, i) => [n, values[i] ?? ""])), counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
      this.all.set(key, s);
    }
    return s;
  }

  observe(s: HistogramSeries, value: number): void {
    if (!Number.isFinite(value)) return; // telemetry: a NaN latency must not poison the sum
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]!) i++;
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  /** What the Registry renders: cumulative buckets (le first, as prom-client orders it), +Inf, sum and count per series. */
  get(): { name: string; help: string; type: "histogram"; aggregator: "sum"; values: MetricValueWithName<string>[] } {
    const values: MetricValueWithName<string>[] = [];
    for (const s of this.all.values()) {
      let cumulative = 0;
      for (let i = 0; i <= this.buckets.length; i++) {
        cumulative += s.counts[i]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { le: i < this.buckets.length ? this.buckets[i]! : "+Inf", ...s.labels }, value: cumulative });
      }
      values.push({ metricName: `${this.name}_sum`, labels: { ...s.labels }, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...s.labels }, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Zeroes every series (callers keep theirs, so none is dropped). */
  reset(): void {
    for (const s of this.all.values()) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}
