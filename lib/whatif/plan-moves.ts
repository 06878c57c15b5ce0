// What moves: for each cell its rule (first match wins) moves sharePercent of
// the cell to the rule's target, and the rest stays where it was (later rules
// never see it). A share splits every count in proportion, each rounded to a
// whole unit half to even, and the staying part is the remainder, so nothing
// is lost or invented: plain input, cached input and cache writes are split
// separately (input is their sum), likewise plain output and reasoning. The
// ledger cost of the moved part is the cell's cost split the same way.
// A cell whose target is the model that served it moves nothing: re-routing a
// request to where it went costs exactly what the ledger says.
import { divideHalfEven } from "./divide-half-even";
import type { TokenCounts, TrafficCell } from "./traffic-profile";

export type { TokenCounts } from "./traffic-profile";

export interface CellMove {
  /** Index into the profile's cells. */
  cell: number;
  /** Index into the scenario's rules. */
  rule: number;
  target: string;
  /** sharePercent / 100: weights requests by it (quality, latency, load), unrounded, so small cells are not biased. */
  share: number;
  /** The moved share's counts, as the source counted them (before token ratios). */
  moved: TokenCounts;
  /** The ledger's cost of the moved share (0n for an unpriced cell). */
  movedBaselineNano: bigint;
}

export interface MovePlan {
  /** Per cell: the rule that decides it, or -1. */
  ruleOfCell: Int32Array;
  /** Per cell: its index in moves, or -1 when nothing moves. */
  moveOfCell: Int32Array;
  moves: CellMove[];
}

const part = (count: number, num: bigint, den: bigint) => Number(divideHalfEven(BigInt(count) * num, den));

/** The share num/den of some counts: [the part, the rest]; part + rest is exactly the counts. */
export function splitCounts(c: TokenCounts, num: bigint, den: bigint): [TokenCounts, TokenCounts] {
  const plainInput = c.inputTokens - c.cachedInputTokens - c.cacheWriteTokens;
  const plainOutput = c.outputTokens - c.reasoningTokens;
  const p = {
    requests: part(c.requests, num, den),
    plainInput: part(plainInput, num, den),
    cached: part(c.cachedInputTokens, num, den),
    cacheWrite: part(c.cacheWriteTokens, num, den),
    plainOutput: part(plainOutput, num, den),
    reasoning: part(c.reasoningTokens, num, den),
  };
  const moved: TokenCounts = {
    requests: p.requests,
    inputTokens: p.plainInput + p.cached + p.cacheWrite,
    cachedInputTokens: p.cached,
    cacheWriteTokens: p.cacheWrite,
    outputTokens: p.plainOutput + p.reasoning,
    reasoningTokens: p.reasoning,
  };
  const rest: TokenCounts = {
    requests: c.requests - moved.requests,
    inputTokens: c.inputTokens - moved.inputTokens,
    cachedInputTokens: c.cachedInputTokens - moved.cachedInputTokens,
    cacheWriteTokens: c.cacheWriteTokens - moved.cacheWriteTokens,
    outputTokens: c.outputTokens - moved.outputTokens,
    reasoningTokens: c.reasoningTokens - moved.reasoningTokens,
  };
  return [moved, rest];
}

export function countsOf(c: TrafficCell): TokenCounts {
  return {
    requests: c.requests, inputTokens: c.inputTokens, cachedInputTokens: c.cachedInputTokens,
    cacheWriteTokens: c.cacheWriteTokens, outputTokens: c.outputTokens, reasoningTokens: c.reasoningTokens,
  };
}

export interface PlannedRule {
  sharePercent: number;
  /** Null: the rule moves nothing (a cheapestWhere rule with no candidate). */
  target: string | null;
}

export function planMoves(cells: readonly TrafficCell[], ruleOfCell: Int32Array, rules: readonly PlannedRule[]): MovePlan {
  const moveOfCell = new Int32Array(cells.length).fill(-1);
  const moves: CellMove[] = [];
  cells.forEach((c, i) => {
    const r = ruleOfCell[i]!;
    const rule = r >= 0 ? rules[r] : undefined;
    if (!rule || rule.target === null || rule.sharePercent === 0 || rule.target === c.servedModel) return;
    const share = BigInt(rule.sharePercent);
    const [moved] = splitCounts(countsOf(c), share, 100n);
    if (moved.requests === 0 && moved.inputTokens === 0 && moved.outputTokens === 0) return;
    moveOfCell[i] = moves.length;
    moves.push({ cell: i, rule: r, target: rule.target, share: rule.sharePercent / 100, moved, movedBaselineNano: divideHalfEven(c.costNano * share, 100n) });
  });
  return { ruleOfCell, moveOfCell, moves };
}
