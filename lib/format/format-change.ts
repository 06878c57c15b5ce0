// Period-over-period change as a percentage, or "new" where a percentage
// would mislead. Rule:
//  - "–" when both periods are below a cent (nothing to compare);
//  - "new" when the previous period is below NEW_FLOOR_USD ($0.01: it reads
//    as $0.00) or below 1% of the current one (NEW_MAX_RATIO: the spend is
//    at least 100 times what it was, e.g. a project that started on the last
//    day of the previous period), so never "+119,764%";
//  - otherwise the signed change in percent, one decimal, half to even,
//    thousands separators: "+4.1%", "-100.0%", "0.0%".
import Decimal from "decimal.js";
import { formatNumber } from "./format-number";

export const NEW_FLOOR_USD = "0.01";
export const NEW_MAX_RATIO = 100;

export type Change = { kind: "none" } | { kind: "new" } | { kind: "percent"; percent: string };

export function describeChange(current: string, previous: string): Change {
  const cur = new Decimal(current);
  const prev = new Decimal(previous);
  if (cur.abs().lt(NEW_FLOOR_USD) && prev.abs().lt(NEW_FLOOR_USD)) return { kind: "none" };
  if (prev.lt(NEW_FLOOR_USD) || prev.times(NEW_MAX_RATIO).lt(cur)) return { kind: "new" };
  return { kind: "percent", percent: cur.minus(prev).div(prev).times(100).toFixed(1, Decimal.ROUND_HALF_EVEN) };
}

/** "+4.1%", "-12.0%", "new" or "–". */
export function formatChange(current: string, previous: string): string {
  const c = describeChange(current, previous);
  if (c.kind === "none") return "–";
  if (c.kind === "new") return "new";
  const p = new Decimal(c.percent);
  return `${p.gt(0) ? "+" : ""}${formatNumber(p.isZero() ? "0" : c.percent, { fractionDigits: 1 })}%`;
}
