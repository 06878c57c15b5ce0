// Where a budget stands in its current period: spend to date (the live
// Redis counter, or the ledger when Redis has none), the forecast for the
// period's end with its interval, and the burn-down series for the chart.
import { TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, startOfDay, subDays } from "date-fns";
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { budgetCounterKey } from "../limits/limit-keys";
import { decimalToNano, nanoToUsd, usdToNano } from "../money/nano-usd";
import { periodWindow, type BudgetPeriod } from "./budget-period";
import { dailySpend } from "./daily-spend";
import { forecastPeriodSpend, type DailySpend, type SpendForecast } from "./forecast-spend";
import type { BudgetTarget } from "./ledger-spend";

export interface BudgetForStatus extends BudgetTarget {
  id: string;
  period: BudgetPeriod;
  amountUsd: { toFixed(dp?: number): string };
}

export interface BurnDownPoint {
  day: string;
  /** Cumulative spend at the end of the day (days up to today). */
  spentUsd: number | null;
  /** Cumulative forecast and its 90% band (today onward). */
  forecastUsd: number | null;
  band: [number, number] | null;
}

export interface BudgetStatus {
  periodStart: string;
  periodEnd: string;
  spentUsd: string;
  spentNano: bigint;
  percentUsed: number;
  forecast: SpendForecast;
  burnDown: BurnDownPoint[];
}

const HISTORY_DAYS = 28;
const DAY_MS = 24 * 3600 * 1000;

export async function getBudgetStatus(db: DbClient, redis: Redis | null, budget: BudgetForStatus, timezone: string, now: Date): Promise<BudgetStatus> {
  const window = periodWindow(budget.period, timezone, now);
  const today = startOfDay(new TZDate(now.getTime(), timezone));
  const historyStart = subDays(today, HISTORY_DAYS);
  const from = new Date(Math.min(historyStart.getTime(), window.start.getTime()));
  const daily = await dailySpend(db, budget, timezone, from, now);

  const counter = redis ? await redis.hget(budgetCounterKey(budget.orgId, budget.id, window.start.getTime()), "spent").catch(() => null) : null;
  let ledgerNano = 0n;
  const firstDay = dayKey(window.start, timezone);
  for (const [day, usd] of daily) if (day >= firstDay) ledgerNano += usdToNano(usd);
  const spentNano = counter !== null ? BigInt(counter) : ledgerNano;
  const amountNano = decimalToNano(budget.amountUsd);

  const forecast = forecastPeriodSpend({
    spentUsd: Number(nanoToUsd(spentNano)),
    elapsedDays: (now.getTime() - window.start.getTime()) / DAY_MS,
    remainingDays: (window.end.getTime() - now.getTime()) / DAY_MS,
    history: historyBefore(daily, today, timezone),
    remaining: remainingDays(now, window.end, timezone),
  });

  return {
    periodStart: window.start.toISOString(),
    periodEnd: window.end.toISOString(),
    spentUsd: nanoToUsd(spentNano),
    spentNano,
    percentUsed: amountNano === 0n ? 0 : Number((spentNano * 10_000n) / amountNano) / 100,
    forecast,
    burnDown: burnDown(daily, window, today, timezone, Number(nanoToUsd(spentNano)), forecast, now),
  };
}

/** Complete days before today, from the first day with any spend (so a new budget is not judged on zeros). */
function historyBefore(daily: Map<string, string>, today: Date, timezone: string): DailySpend[] {
  const days: DailySpend[] = [];
  for (let i = HISTORY_DAYS; i >= 1; i--) {
    const day = dayKey(subDays(today, i), timezone);
    const usd = Number(daily.get(day) ?? "0");
    if (days.length > 0 || usd > 0) days.push({ day, usd });
  }
  return days;
}

function remainingDays(now: Date, end: Date, timezone: string): { weekday: number; fraction: number }[] {
  const out: { weekday: number; fraction: number }[] = [];
  let dayStart = startOfDay(new TZDate(now.getTime(), timezone));
  let from = now.getTime();
  while (from < end.getTime()) {
    const next = Math.min(addDays(dayStart, 1).getTime(), end.getTime());
    out.push({ weekday: dayStart.getDay(), fraction: (next - from) / (addDays(dayStart, 1).getTime() - dayStart.getTime()) });
    from = next;
    dayStart = addDays(dayStart, 1);
  }
  return out;
}

function burnDown(daily: Map<string, string>, window: { start: Date; end: Date }, today: Date, timezone: string, spent: number, forecast: SpendForecast, now: Date): BurnDownPoint[] {
  const start = new TZDate(window.start.getTime(), timezone);
  const days = differenceInCalendarDays(new TZDate(window.end.getTime() - 1, timezone), start) + 1;
  const todayIndex = differenceInCalendarDays(today, start);
  const rest = forecast.projectedUsd - spent;
  const remainingMs = window.end.getTime() - now.getTime();
  const points: BurnDownPoint[] = [];
  let cumulative = 0;
  for (let i = 0; i < days; i++) {
    const dayStart = addDays(start, i);
    const day = dayKey(dayStart, timezone);
    if (i < todayIndex) cumulative += Number(daily.get(day) ?? "0");
    const point: BurnDownPoint = { day, spentUsd: i < todayIndex ? round2(cumulative) : i === todayIndex ? round2(spent) : null, forecastUsd: null, band: null };
    if (i >= todayIndex) {
      // Share of the remaining time elapsed by the end of this day.
      const share = remainingMs <= 0 ? 1 : Math.min(1, (Math.min(addDays(dayStart, 1).getTime(), window.end.getTime()) - now.getTime()) / remainingMs);
      const mid = spent + rest * share;
      point.forecastUsd = round2(mid);
      point.band = [round2(spent + (forecast.lowUsd - spent) * share), round2(spent + (forecast.highUsd - spent) * share)];
    }
    points.push(point);
  }
  return points;
}

const dayKey = (d: Date, timezone: string) => {
  const t = new TZDate(d.getTime(), timezone);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, "0")}-${String(t.getDate()).padStart(2, "0")}`;
};
const round2 = (x: number) => Math.round(x * 100) / 100;
