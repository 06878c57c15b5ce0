// latency (end-to-end ms <= threshold) and cost (USD <= threshold). Costs are
// decimal strings compared exactly with decimal.js, never as floats; the
// threshold, a YAML number, is read from its shortest decimal form (0.001 is
// 0.001, not 0.001000000000000000020816...).
import Decimal from "decimal.js";
import { checkError, verdict, type CheckVerdict } from "./check-types";

const DECIMAL_USD = /^\d{1,12}(\.\d{1,18})?$/;

export function checkLatency(e2eMs: number | null | undefined, threshold: number | undefined): CheckVerdict {
  if (threshold === undefined) return checkError("latency needs a threshold (milliseconds)");
  if (!(threshold >= 0)) return checkError("latency's threshold must be 0 or more");
  if (typeof e2eMs !== "number" || !Number.isFinite(e2eMs)) return checkError("no end-to-end latency was measured for this answer");
  const within = e2eMs <= threshold;
  return verdict(within, `end-to-end latency ${Math.round(e2eMs * 10) / 10} ms ${within ? "≤" : ">"} threshold ${threshold} ms`);
}

export function checkCost(costUsd: string | null | undefined, threshold: number | undefined): CheckVerdict {
  if (threshold === undefined) return checkError("cost needs a threshold (USD)");
  if (!(threshold >= 0) || !Number.isFinite(threshold)) return checkError("cost's threshold must be 0 or more");
  if (costUsd === null || costUsd === undefined) return checkError("the request is unpriced (no price is known for the model that served it), so its cost cannot be compared with the threshold");
  if (!DECIMAL_USD.test(costUsd)) return checkError(`the request's cost "${costUsd.slice(0, 40)}" is not a plain decimal USD amount`);
  const cost = new Decimal(costUsd);
  const limit = new Decimal(threshold);
  const within = cost.lte(limit);
  return verdict(within, `cost $${costUsd} ${within ? "≤" : ">"} threshold $${limit.toFixed()}`);
}
