// A SCOPE comparison of candidate models (the small-model guide's framework:
// Size, Cost, Operational constraints, Performance, Expandability), from what
// Tollgate stores and measures, never from what it does not:
//   Size           the context window against the largest input observed in
//                  the traffic. The rollups keep input-size bands, not a
//                  maximum, so the largest input is the upper bound of the
//                  highest band seen (traffic-profile.ts INPUT_BANDS, half-open):
//                  fits when the window holds the bound, "may not fit" when it
//                  falls inside the band, does not fit when it is below the
//                  band's start; the open top band (32k+) has no bound.
//   Cost           the price in effect now, USD per 1M tokens (exact strings).
//   Operational    local or cloud, the provider, and the hourly hardware cost
//                  of a local deployment where one is set.
//   Performance    measured pass rate per suite, p95 TTFT and median
//                  per-request output tokens/s; null (shown "unmeasured") when
//                  no benchmark run measured it.
//   Expandability  images from the catalog's modalities when it lists "image";
//                  tools and JSON mode are not stored by the catalog: unknown.
import { percentile } from "@/lib/benchmarks/metrics/describe-distribution";
import { p95TtftOf } from "./choose-cheapest-target";
import { FOLDED } from "./fold-dimensions";
import { INPUT_BANDS, inputBand, type InputBandId, type TrafficCell } from "./traffic-profile";
import type { LatencyTable, QualityTable } from "./whatif-inputs";

export interface ScopeModelFacts {
  alias: string;
  displayName: string | null;
  /** Tokens; null: not in the catalog. */
  contextWindow: number | null;
  modalities: readonly string[];
  isLocal: boolean;
  /** The serving provider's vendor, null without a deployment. */
  provider: string | null;
  /** A local deployment's $/h (decimal string), null when none is set. */
  hourlyCostUsd: string | null;
  /** The price in effect now (USD per 1M tokens), null when none is. */
  price: { inputPerMTok: string; cachedInputPerMTok: string | null; outputPerMTok: string } | null;
}

export interface LargestInput {
  band: InputBandId;
  /** Inputs in the band are at least this many tokens. */
  atLeast: number;
  /** ...and fewer than this; null for the open top band. */
  below: number | null;
  source: "input-size band";
}

export type Fit = "fits" | "may-not-fit" | "does-not-fit" | "unknown";
export type Support = "yes" | "unknown";

export interface ScopeRow {
  alias: string;
  displayName: string | null;
  size: { contextWindow: number | null; fit: Fit; note: string };
  cost: ScopeModelFacts["price"];
  operational: { where: "local" | "cloud"; provider: string | null; hourlyCostUsd: string | null };
  performance: { suites: { suiteId: string; passRate: number; graded: number }[]; p95TtftMs: number | null; medianTokensPerSec: number | null };
  expandability: { tools: Support; jsonMode: Support; images: Support };
}

/** The highest input-size band among the cells (null when none carries a band: no traffic, or bands folded away). */
export function largestObservedInput(cells: readonly TrafficCell[]): LargestInput | null {
  return largestOfBands(cells.map((c) => c.inputBand));
}

/** The highest of some input-size bands (FOLDED and unknown ids ignored; null when none is left). */
export function largestOfBands(bands: Iterable<string>): LargestInput | null {
  let top = -1;
  for (const id of bands) {
    if (id === FOLDED) continue;
    const i = INPUT_BANDS.findIndex((b) => b.id === id);
    if (i > top) top = i;
  }
  if (top < 0) return null;
  const band = inputBand(INPUT_BANDS[top]!.id);
  return { band: band.id, atLeast: band.min, below: band.max, source: "input-size band" };
}

const tokens = (n: number) => n.toLocaleString("en-US");

export function sizeFit(contextWindow: number | null, largest: LargestInput | null): { fit: Fit; note: string } {
  if (contextWindow === null) return { fit: "unknown", note: "context window not in the catalog" };
  if (!largest) return { fit: "unknown", note: "no input size observed in the traffic" };
  const range = largest.below === null ? `${tokens(largest.atLeast)}+ tokens` : `${tokens(largest.atLeast)}-${tokens(largest.below - 1)} tokens`;
  const seen = `largest inputs observed: ${range} (the rollups keep input-size bands, not a maximum)`;
  if (contextWindow < largest.atLeast) return { fit: "does-not-fit", note: `${tokens(contextWindow)}-token window; ${seen}` };
  if (largest.below !== null && contextWindow >= largest.below) return { fit: "fits", note: `${tokens(contextWindow)}-token window; ${seen}` };
  return { fit: "may-not-fit", note: `${tokens(contextWindow)}-token window falls inside the band; ${seen}` };
}

export function scopeComparison(models: readonly ScopeModelFacts[], quality: QualityTable, latency: LatencyTable, largest: LargestInput | null): ScopeRow[] {
  return models.map((m) => {
    const suites = [...quality]
      .flatMap(([suiteId, s]) => {
        const r = s.get(m.alias);
        return r && r.graded > 0 ? [{ suiteId, passRate: r.passed / r.graded, graded: r.graded }] : [];
      })
      .sort((a, b) => (a.suiteId < b.suiteId ? -1 : 1));
    const speeds = latency.get(m.alias)?.outputTokensPerSec.filter((v) => Number.isFinite(v) && v > 0) ?? [];
    return {
      alias: m.alias,
      displayName: m.displayName,
      size: { contextWindow: m.contextWindow, ...sizeFit(m.contextWindow, largest) },
      cost: m.price,
      operational: { where: m.isLocal ? "local" : "cloud", provider: m.provider, hourlyCostUsd: m.isLocal ? m.hourlyCostUsd : null },
      performance: { suites, p95TtftMs: p95TtftOf(latency, m.alias), medianTokensPerSec: speeds.length ? percentile(Float64Array.from(speeds).sort(), 50) : null },
      expandability: { tools: "unknown", jsonMode: "unknown", images: m.modalities.includes("image") ? "yes" : "unknown" },
    };
  });
}
