// Settle: once a request is done, add its actual cost to every budget it
// was admitted against and release its reservation (and concurrency slot,
// and unused tokens). Idempotent per request id and attempt. Runs after the
// response is sent, off the latency path. If Redis is unreachable the spend
// is still in the usage ledger, and the reconcile job adds it back.
import type { Redis } from "ioredis";
import type { Logger } from "../log/logger";
import type { Admission } from "./admit-request";
import { boundedNano, scriptTokens, type LimitCommands } from "./limit-scripts";
import { settledMarkerKey } from "./limit-keys";

// Long enough to outlive any repeat of the same settle (a retry, or the release
// that follows a refused admission), short enough that markers stay few: at
// 1,000 requests/s about 600k small keys.
export const SETTLED_MARKER_TTL_MS = 10 * 60 * 1000;

export interface SettledBudget {
  budgetId: string;
  thresholds: number[];
  amountNano: bigint;
  spentBefore: bigint;
  spentAfter: bigint;
}

/** Returns each budget's spend before and after this request (empty on a repeated settle, or without Redis). */
export async function settleReservation(
  redis: Redis & LimitCommands,
  log: Logger,
  admission: Admission,
  actual: { costNano: bigint; tokens: number },
): Promise<SettledBudget[]> {
  if (admission.budgets.length === 0 && admission.policies.length === 0) return [];
  // Bounded for the script, like admission's reservation (an upstream may report any usage).
  actual = { costNano: boundedNano(actual.costNano), tokens: scriptTokens(actual.tokens) };
  // Admitted from a lease: its spend reaches Redis summed with the lease's other requests' (lib/limits/admission-leases.ts).
  if (admission.lease) return admission.lease.owner.settleLeased(admission, actual);
  const args: (string | number)[] = [admission.member, actual.costNano.toString(), admission.costNano.toString(), SETTLED_MARKER_TTL_MS];
  // Give back the tokens reserved beyond what was used (or take the excess). (The budgets' and policies' keys and
  // settings are the admission's shared part; a reservation may exist on an enforced budget even when admission
  // did not hold: a script that failed half-way.)
  for (const p of admission.policies) args.push(admission.held && p.tokensPerMin ? Math.min(admission.tokens, p.tokensPerMin) - actual.tokens : 0);
  try {
    const spent = await redis.limitSettle.call(admission.settleShared, [settledMarkerKey(admission.orgId, admission.member)], args);
    return settledBudgets(admission, spent, actual.costNano);
  } catch (error) {
    log.error({ member: admission.member, err: error instanceof Error ? error.message : String(error) }, "settle failed; reconcile will restore the spend from the ledger");
    return [];
  }
}

/** What the settle script answered (each budget's spend after it), read for these budgets and the spend it added. */
export function settledBudgets(admission: Pick<Admission, "budgets">, spent: number[], addedNano: bigint): SettledBudget[] {
  // Integer replies; BigInt() of a number is exact for these (< 2^53).
  return spent.map((after, i) => {
    const b = admission.budgets[i]!;
    return { budgetId: b.rule.id, thresholds: b.rule.thresholds, amountNano: b.rule.amountNano, spentAfter: BigInt(after), spentBefore: BigInt(after) - addedNano };
  });
}

/** The thresholds (percent) this spend crossed, e.g. 80 when it went from 79% to 81%. */
export function crossedThresholds(s: SettledBudget): number[] {
  return s.thresholds.filter((t) => {
    const line = (s.amountNano * BigInt(t)) / 100n;
    return s.spentBefore < line && s.spentAfter >= line;
  });
}
