// Formats a decimal string as USD without going through a float.
import Decimal from "decimal.js";

export function formatUsd(value: string, options: { decimals?: number } = {}): string {
  const d = new Decimal(value);
  // Sub-cent amounts keep enough digits to not read as $0.00.
  const decimals = options.decimals ?? (d.abs().lt(0.01) && !d.isZero() ? 6 : 2);
  const fixed = d.toFixed(decimals, Decimal.ROUND_HALF_EVEN);
  const negative = fixed.startsWith("-");
  const [whole, frac] = fixed.replace("-", "").split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${grouped}${frac ? `.${frac}` : ""}`;
}

export function formatCount(value: number | string): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
