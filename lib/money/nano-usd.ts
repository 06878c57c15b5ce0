// Money as integer nano-dollars (1e-9 USD), the unit costs are rounded to
// (see lib/pricing/price-request.ts). Budget counters in Redis hold these.
const NANO = 10n ** 9n;

/** "12.5" -> 12500000000n. Accepts plain decimals with up to 9 decimals (more are refused, not rounded). */
export function usdToNano(usd: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,9}))?$/.exec(usd.trim());
  if (!m) throw new Error(`invalid USD amount "${usd}"`);
  const value = BigInt(m[2]!) * NANO + BigInt((m[3] ?? "").padEnd(9, "0"));
  return m[1] ? -value : value;
}

/** 12500000000n -> "12.500000000". */
export function nanoToUsd(nano: bigint): string {
  const sign = nano < 0n ? "-" : "";
  const abs = nano < 0n ? -nano : nano;
  return `${sign}${abs / NANO}.${(abs % NANO).toString().padStart(9, "0")}`;
}

/** Decimal.js / Prisma Decimal -> nano (they print plain decimals with toFixed()). */
export function decimalToNano(d: { toFixed(dp?: number): string }): bigint {
  return usdToNano(d.toFixed(9));
}
