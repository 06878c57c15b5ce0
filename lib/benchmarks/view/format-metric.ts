// How benchmark measurements read on screen (measurements are floats, not
// money: money goes through lib/format/format-usd.ts). One rule each:
//  - latency: whole milliseconds from 100 ms up, one decimal below (a local
//    model's TTFT of 4.2 ms is not "4 ms"), "–" when not measured;
//  - rates (tokens/s, requests/s): 0 decimals from 100, 1 from 10, else 2;
//  - shares (pass rate, error rate): percent with one decimal;
//  - durations: "8 s", "2 min 5 s", "1 h 3 min".
import { formatNumber } from "@/lib/format/format-number";

export function formatLatencyMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  // Decided on the value as shown: 99.96 reads "100 ms", not "100.0 ms".
  const shown = Math.round(ms * 10) / 10;
  return `${formatNumber(ms, { fractionDigits: Math.abs(shown) >= 100 ? 0 : 1 })} ms`;
}

export function formatRate(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const a = Math.abs(value);
  return `${formatNumber(value, { fractionDigits: a >= 100 ? 0 : a >= 10 ? 1 : 2 })} ${unit}`;
}

export function formatPercent(fraction: number | null | undefined, fractionDigits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "–";
  return `${formatNumber(fraction * 100, { fractionDigits })}%`;
}

/** A 95% interval of a share: "78.1–93.2%". */
export function formatPercentInterval(low: number | null | undefined, high: number | null | undefined): string {
  if (low === null || low === undefined || high === null || high === undefined || !Number.isFinite(low) || !Number.isFinite(high)) return "–";
  return `${formatNumber(low * 100, { fractionDigits: 1 })}–${formatNumber(high * 100, { fractionDigits: 1 })}%`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) {
    const s = totalSeconds % 60;
    return s ? `${totalMinutes} min ${s} s` : `${totalMinutes} min`;
  }
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return m ? `${formatNumber(h)} h ${m} min` : `${formatNumber(h)} h`;
}

/** A stored timestamp as the rest of the app shows them: "2026-12-02 14:05" (UTC). */
export function formatWhen(at: string | Date | null | undefined): string {
  if (!at) return "–";
  const d = typeof at === "string" ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? "–" : d.toISOString().slice(0, 16).replace("T", " ");
}
