// Which columns hold the best value of a compared metric (the lowest
// latency, the highest pass rate, the cheapest cost). Money is compared as
// exact decimals. Nothing is marked when fewer than two runs have the
// number or when they all have the same one (no winner to point at).
import Decimal from "decimal.js";

export type Better = "higher" | "lower";

export function bestColumns(values: readonly (number | string | null)[], better: Better): Set<number> {
  const present = values.flatMap((v, i) => (v === null || (typeof v === "number" && !Number.isFinite(v)) ? [] : [{ i, d: new Decimal(v) }]));
  if (present.length < 2) return new Set();
  let best = present[0]!.d;
  for (const { d } of present) if (better === "higher" ? d.gt(best) : d.lt(best)) best = d;
  const winners = present.filter(({ d }) => d.eq(best)).map(({ i }) => i);
  return winners.length === present.length ? new Set() : new Set(winners);
}
