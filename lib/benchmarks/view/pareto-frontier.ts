// The quality-versus-cost frontier: the models no other model beats on both
// (cheaper or as cheap, AND better or as good, strictly better on one).
// Cost is an exact decimal string (never a float); an unpriced model (null
// cost) or one with no pass rate is not placed on the chart and so is never
// on the frontier: it is listed as unpriced instead.
import Decimal from "decimal.js";

export interface QualityCostPoint {
  key: string;
  /** USD per 1,000 requests, exact decimal; null = unpriced. */
  costUsd: string | null;
  /** 0..1; null = not graded. */
  passRate: number | null;
}

/** The keys on the frontier, cheapest first. */
export function paretoFrontier(points: readonly QualityCostPoint[]): string[] {
  const placed = points
    .filter((p): p is QualityCostPoint & { costUsd: string; passRate: number } => p.costUsd !== null && p.passRate !== null && Number.isFinite(p.passRate))
    .map((p) => ({ ...p, cost: new Decimal(p.costUsd) }))
    .sort((a, b) => a.cost.comparedTo(b.cost) || b.passRate - a.passRate);
  const frontier: string[] = [];
  let best = -Infinity;
  for (let i = 0; i < placed.length; ) {
    // Points of equal cost are read together: only the best of them can be on the frontier.
    let j = i;
    while (j < placed.length && placed[j]!.cost.eq(placed[i]!.cost)) j++;
    const top = placed[i]!.passRate;
    if (top > best) {
      for (let k = i; k < j && placed[k]!.passRate === top; k++) frontier.push(placed[k]!.key);
      best = top;
    }
    i = j;
  }
  return frontier;
}
