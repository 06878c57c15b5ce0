// What a run cost, exactly: the total is a plain sum of the per-request
// costs the ledger stored (nano-dollars, bigint); means are divided with
// decimal.js at 60 significant digits and rounded once, to 9 decimals, half
// to even (lib/pricing/price-request.ts's rule). Never a float.
import Decimal from "decimal.js";
import { nanoToUsd } from "@/lib/money/nano-usd";

const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const COST_DECIMALS = 9;

export interface PricedRequest {
  caseId: string;
  completed: boolean;
  /** Null when the request was not priced. */
  costNano: bigint | null;
}

export interface CostSummary {
  /** Every priced request, failed ones too: a cut stream is still billed. */
  totalUsd: string;
  /** Mean over priced completed requests. */
  perRequestUsd: string | null;
  /** 1,000 x the mean over cases of each case's mean cost (priced completed requests): repeats do not weigh a case more. */
  per1000CasesUsd: string | null;
  pricedRequests: number;
  /** Completed requests without a cost (no price in effect, or the model reported no usage). */
  unpricedRequests: number;
}

export function summariseCost(requests: readonly PricedRequest[]): CostSummary {
  let total = 0n;
  let completedTotal = 0n;
  let priced = 0;
  let pricedCompleted = 0;
  let unpriced = 0;
  const byCase = new Map<string, { sum: bigint; n: number }>();
  for (const r of requests) {
    if (r.costNano === null) {
      if (r.completed) unpriced++;
      continue;
    }
    total += r.costNano;
    priced++;
    if (!r.completed) continue;
    completedTotal += r.costNano;
    pricedCompleted++;
    const c = byCase.get(r.caseId) ?? { sum: 0n, n: 0 };
    c.sum += r.costNano;
    c.n++;
    byCase.set(r.caseId, c);
  }
  const nanoToExact = (nano: bigint) => new Exact(nano.toString()).div(1e9);
  let caseMeans = new Exact(0);
  for (const c of byCase.values()) caseMeans = caseMeans.plus(nanoToExact(c.sum).div(c.n));
  return {
    totalUsd: nanoToUsd(total),
    perRequestUsd: pricedCompleted ? nanoToExact(completedTotal).div(pricedCompleted).toFixed(COST_DECIMALS) : null,
    per1000CasesUsd: byCase.size ? caseMeans.div(byCase.size).times(1000).toFixed(COST_DECIMALS) : null,
    pricedRequests: priced,
    unpricedRequests: unpriced,
  };
}
