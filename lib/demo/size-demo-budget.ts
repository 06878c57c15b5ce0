// A demo budget's amount from the spend it should show against it: spend /
// (utilisation / 100), rounded up to two significant figures in whole cents
// ($12.34 -> $13, $1.234 -> $1.30), at least one dollar (a
// month seeded in its first hours has almost no spend yet). Integer nano-dollars
// throughout: money is never a float.
import { nanoToUsd } from "../money/nano-usd";

const CENT = 10_000_000n;
const MIN_CENTS = 100n;

export function sizeDemoBudget(spentNano: bigint, utilisationPercent: number): string {
  if (!Number.isInteger(utilisationPercent) || utilisationPercent <= 0) throw new Error("utilisation must be a positive whole percent");
  const raw = ceilDiv(spentNano * 100n, BigInt(utilisationPercent));
  let cents = ceilDiv(raw, CENT);
  if (cents < MIN_CENTS) cents = MIN_CENTS;
  const digits = cents.toString().length;
  if (digits > 2) {
    const step = 10n ** BigInt(digits - 2);
    cents = ceilDiv(cents, step) * step;
  }
  return nanoToUsd(cents * CENT).replace(/0{7}$/, "");
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
