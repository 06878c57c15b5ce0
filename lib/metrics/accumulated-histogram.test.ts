import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { AccumulatedHistogram } from "./accumulated-histogram";

const BUCKETS = [0.005, 0.01, 0.1, 1, 10];
const OBSERVED: [string, string, number][] = [
  ["gpt-5-mini", "false", 0.004], ["gpt-5-mini", "false", 0.005], ["gpt-5-mini", "false", 0.0051], ["gpt-5-mini", "true", 0.7],
  ["gpt-5-nano", "false", 12], ["gpt-5-nano", "false", 1], ["gpt-5-mini", "true", 0], ["gpt-5-nano", "false", 0.1],
];

describe("AccumulatedHistogram", () => {
  it("renders exactly what prom-client's Histogram renders for the same observations", async () => {
    const theirs = new Registry();
    const reference = new Histogram({ name: "h_seconds", help: "help text", labelNames: ["model", "streamed"], buckets: BUCKETS, registers: [theirs] });
    const ours = new Registry();
    const histogram = new AccumulatedHistogram("h_seconds", "help text", ["model", "streamed"], BUCKETS, ours);
    for (const [model, streamed, v] of OBSERVED) {
      reference.observe({ model, streamed }, v);
      histogram.observe(histogram.series(model, streamed), v);
    }
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('h_seconds_bucket{le="0.005",model="gpt-5-mini",streamed="false"} 2');
    expect(text).toContain('h_seconds_bucket{le="+Inf",model="gpt-5-nano",streamed="false"} 3');
    expect(text).toContain('h_seconds_count{model="gpt-5-mini",streamed="true"} 2');
  });

  it("hands back the same series for the same labels, ignores non-finite values, and zeroes on reset without dropping series", async () => {
    const registry = new Registry();
    const histogram = new AccumulatedHistogram("h_seconds", "help", ["model"], BUCKETS, registry);
    const a = histogram.series("m");
    expect(histogram.series("m")).toBe(a);
    histogram.observe(a, Number.NaN);
    histogram.observe(a, Infinity);
    histogram.observe(a, 0.02);
    expect(a.count).toBe(1);
    expect(a.sum).toBe(0.02);
    registry.resetMetrics();
    expect(a.count).toBe(0);
    histogram.observe(a, 3);
    expect(await registry.metrics()).toContain('h_seconds_bucket{le="10",model="m"} 1');
  });
});
