// Histogram bins for a latency (or throughput) sample: a "nice" bin width
// (1, 2 or 5 x 10^k, so the axis reads 0-20 ms, 20-40 ms...), about sqrt(n)
// bins between 5 and maxBins, edges on multiples of the width. A value on an
// inner edge belongs to the bin it starts; the largest value to the last bin.
export interface HistogramBin {
  from: number;
  to: number;
  count: number;
}

/** The smallest of 1, 2, 5 x 10^k that is at least `raw` (raw > 0). */
export function niceWidth(raw: number): number {
  const exponent = Math.floor(Math.log10(raw));
  const base = 10 ** exponent;
  for (const step of [1, 2, 5, 10]) if (step * base >= raw * (1 - 1e-12)) return step * base;
  return 10 * base;
}

export function histogramBins(values: readonly number[], options: { maxBins?: number } = {}): HistogramBin[] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === max) return [{ from: min, to: max, count: finite.length }];
  const maxBins = Math.max(1, Math.floor(options.maxBins ?? 30));
  const target = Math.min(Math.max(Math.ceil(Math.sqrt(finite.length)), 5), maxBins);
  let width = niceWidth((max - min) / target);
  let start = Math.floor(min / width) * width;
  // Flooring the start can add a bin: widen until the bins fit under maxBins.
  while (Math.floor((max - start) / width) + 1 > maxBins) {
    width = niceWidth(width * 1.5);
    start = Math.floor(min / width) * width;
  }
  const count = Math.floor((max - start) / width) + 1;
  const bins: HistogramBin[] = Array.from({ length: count }, (_, i) => ({ from: round(start + i * width, width), to: round(start + (i + 1) * width, width), count: 0 }));
  for (const v of finite) {
    const i = Math.min(Math.floor((v - start) / width), count - 1);
    bins[i]!.count++;
  }
  return bins;
}

// Edges as the width's decimals show them (0.1 x 3 is 0.30000000000000004 in floating point).
function round(value: number, width: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(width)) + 1);
  return Number(value.toFixed(Math.min(decimals, 12)));
}
