// What a policy applied from a scenario did, against what the other side
// would have cost, from ledger rows grouped by hour x serving model x the
// model of the other side (io/read-applied-outcome.ts reads them):
//   enforced: rows the policy routed; the other side is the model the request
//     asked for (what it would have cost without the policy): the realised
//     saving is that minus what the rows cost.
//   shadowed: rows of requests the shadow policy would have routed; the other
//     side is the model it would have sent them to: the predicted saving is
//     what the rows cost minus that.
// The other side is priced exactly as the scenario prices a moved cell
// (reprice-tokens.ts: the target's price in effect at the hour, the
// scenario's token ratios and cache rule; a group already on the other side's
// model keeps its ledger cost, as in the simulator). Unpriced rows, and groups
// whose other side has no price (or is not in the catalog), are left out of
// both sides and counted, never taken as $0.
import { repriceTokens, type RepriceContext } from "./reprice-tokens";
import type { TokenCounts } from "./traffic-profile";
import { WhatIfInputError } from "./whatif-inputs";

export type OutcomeKind = "enforced" | "shadowed";

export interface OutcomeGroup {
  kind: OutcomeKind;
  policyId: string;
  /** Start of the UTC hour. */
  hour: Date;
  /** The model that served (and was priced). */
  servedModel: string;
  /** The other side: the requested model (enforced), or the model the shadow policy chose (shadowed; null: nothing could serve). */
  otherModel: string | null;
  priced: boolean;
  /** Attempt-0 rows: one per request. */
  requests: number;
  /** The rows' summed tokens; `requests` here counts every attempt row. */
  counts: TokenCounts;
  costNano: bigint;
}

export interface OutcomeFigures {
  requests: number;
  attempts: number;
  unpricedAttempts: number;
  /** Attempts whose other side could not be priced. */
  unpredictedAttempts: number;
  /** The ledger's cost of the compared rows. */
  actualNano: bigint;
  /** The compared rows at the other side. */
  otherNano: bigint;
}

const zero = (): OutcomeFigures => ({ requests: 0, attempts: 0, unpricedAttempts: 0, unpredictedAttempts: 0, actualNano: 0n, otherNano: 0n });

/** Per policy id and kind. */
export function compareAppliedOutcome(groups: readonly OutcomeGroup[], ctx: RepriceContext): Map<string, Record<OutcomeKind, OutcomeFigures>> {
  const out = new Map<string, Record<OutcomeKind, OutcomeFigures>>();
  for (const g of groups) {
    let entry = out.get(g.policyId);
    if (!entry) out.set(g.policyId, (entry = { enforced: zero(), shadowed: zero() }));
    const f = entry[g.kind];
    f.requests += g.requests;
    f.attempts += g.counts.requests;
    if (!g.priced) {
      f.unpricedAttempts += g.counts.requests;
      continue;
    }
    const other = otherSide(g, ctx);
    if (other === null) {
      f.unpredictedAttempts += g.counts.requests;
      continue;
    }
    f.actualNano += g.costNano;
    f.otherNano += other;
  }
  return out;
}

function otherSide(g: OutcomeGroup, ctx: RepriceContext): bigint | null {
  if (g.otherModel === null) return null;
  if (g.otherModel === g.servedModel) return g.costNano;
  try {
    return repriceTokens(g.counts, g.servedModel, g.otherModel, g.hour, ctx).point;
  } catch (error) {
    if (error instanceof WhatIfInputError) return null;
    throw error;
  }
}

/** The saving of a kind: enforced = without the policy - actual (realised); shadowed = actual - with the policy (predicted). */
export function savingNano(kind: OutcomeKind, f: OutcomeFigures): bigint {
  return kind === "enforced" ? f.otherNano - f.actualNano : f.actualNano - f.otherNano;
}
