import { expect, it } from "vitest";
import { parseHistogram, summariseOverhead } from "../../bench/support/overhead-histogram";

const scrape = (counts: [string, number][]) => counts.map(([le, n]) => `tollgate_proxy_overhead_seconds_bucket{le="${le}"} ${n}`).join("\n") + "\ntollgate_proxy_overhead_seconds_count 0\n";

it("summarises the requests observed between two scrapes: interpolated p50 and p99, the exact share within 3 ms", () => {
  const before = parseHistogram(scrape([["0.001", 10], ["0.002", 10], ["0.003", 10], ["0.005", 10], ["+Inf", 10]]), "tollgate_proxy_overhead_seconds");
  // 100 more: 60 within 1 ms, 30 in (1, 2] ms, 8 in (2, 3] ms, 1 in (3, 5] ms, 1 beyond 5 ms.
  const after = parseHistogram(scrape([["0.001", 70], ["0.002", 100], ["0.003", 108], ["0.005", 109], ["+Inf", 110]]), "tollgate_proxy_overhead_seconds");
  const s = summariseOverhead(before, after)!;
  expect(s.count).toBe(100);
  // The 50th of 100 is 50/60 of the way into (0, 1] ms; the 99th is the one in (3, 5] ms.
  expect(s.p50Ms).toBeCloseTo(0.83, 2);
  expect(s.p99Ms).toBeCloseTo(5, 2);
  expect(s.within3ms).toBe(0.98);
  expect(summariseOverhead(after, after)).toBeNull();
});
