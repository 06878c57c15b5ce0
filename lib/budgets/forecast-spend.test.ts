import { describe, expect, it } from "vitest";
import { forecastPeriodSpend, type DailySpend } from "./forecast-spend";

// 28 days ending Sunday 2026-11-22: weekdays $100, weekends $10.
function weeklyPattern(days = 28): DailySpend[] {
  const out: DailySpend[] = [];
  for (let i = days; i >= 1; i--) {
    const d = new Date(Date.UTC(2026, 10, 23 - i));
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    out.push({ day: d.toISOString().slice(0, 10), usd: weekend ? 10 : 100 });
  }
  return out;
}

describe("forecastPeriodSpend", () => {
  it("is linear before 14 days of history", () => {
    const f = forecastPeriodSpend({ spentUsd: 30, elapsedDays: 3, remainingDays: 27, history: [], remaining: [] });
    expect(f.method).toBe("linear");
    expect(f.projectedUsd).toBeCloseTo(300);
    expect(f.lowUsd).toBeCloseTo(165);
    expect(f.highUsd).toBeCloseTo(435);
  });

  it("uses day-of-week seasonality once there are 14 days: a weekend ahead costs less than a linear guess", () => {
    // Monday morning of a week budget: $0 spent so far; the rest of the week is 5 weekdays + a weekend.
    const remaining = [1, 2, 3, 4, 5, 6, 0].map((weekday) => ({ weekday, fraction: 1 }));
    const f = forecastPeriodSpend({ spentUsd: 0, elapsedDays: 0, remainingDays: 7, history: weeklyPattern(), remaining });
    expect(f.method).toBe("seasonal");
    expect(f.projectedUsd).toBeCloseTo(520);
    // A perfectly regular pattern has no residual spread.
    expect(f.highUsd - f.lowUsd).toBeCloseTo(0);
  });

  it("widens the interval with noisy history and never goes below what is already spent", () => {
    const noisy = weeklyPattern().map((d, i) => ({ ...d, usd: d.usd * (i % 2 ? 1.5 : 0.5) }));
    const f = forecastPeriodSpend({ spentUsd: 200, elapsedDays: 2, remainingDays: 5, history: noisy, remaining: [3, 4, 5, 6, 0].map((weekday) => ({ weekday, fraction: 1 })) });
    expect(f.highUsd).toBeGreaterThan(f.projectedUsd);
    expect(f.lowUsd).toBeGreaterThanOrEqual(200);
  });

  it("at the period's end the forecast is the spend", () => {
    expect(forecastPeriodSpend({ spentUsd: 42, elapsedDays: 30, remainingDays: 0, history: [], remaining: [] })).toMatchObject({ projectedUsd: 42, lowUsd: 42, highUsd: 42 });
  });
});
