// The one number formatter for counts, tokens and times: en-US, thousands
// separators, no float for large integers (bigint and decimal strings are
// formatted exactly). Money goes through format-usd.ts instead.
const formatters = new Map<number, Intl.NumberFormat>();

function formatter(fractionDigits: number): Intl.NumberFormat {
  let f = formatters.get(fractionDigits);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits, roundingMode: "halfEven" } as Intl.NumberFormatOptions);
    formatters.set(fractionDigits, f);
  }
  return f;
}

/** 33622 -> "33,622"; "12345678901234567890" -> "12,345,678,901,234,567,890". Exactly `fractionDigits` decimals (default 0: counts), half to even. */
export function formatNumber(value: number | bigint | string, options: { fractionDigits?: number } = {}): string {
  if (typeof value === "string" && !/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`not a plain decimal: "${value}"`);
  // Intl formats a decimal string exactly (no conversion to a float).
  return formatter(options.fractionDigits ?? 0).format(value as number);
}

/** Milliseconds, grouped: 1234 -> "1,234 ms"; null (not measured) -> "–". */
export function formatMs(value: number | null): string {
  return value === null ? "–" : `${formatNumber(value)} ms`;
}
