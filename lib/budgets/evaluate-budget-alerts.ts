// Fires a budget's threshold alerts (once per threshold per period) and its
// "forecast to exceed" alert (once per period, only before the breach and
// once enough of the period has passed to say anything).
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { fireAlert } from "../alerts/fire-alert";
import { formatUsd, formatUsdEstimate as usd } from "../format/format-usd";
import { decimalToNano, nanoToUsd } from "../money/nano-usd";
import { getBudgetStatus } from "./get-budget-status";

// A forecast needs this much of the period behind it.
const MIN_ELAPSED_FOR_FORECAST = { day: 3 * 3600_000, week: 24 * 3600_000, month: 3 * 24 * 3600_000 } as const;

export async function evaluateBudgetAlerts(db: DbClient, redis: Redis, budgetId: string, now: Date): Promise<string[]> {
  const budget = await db.budget.findUnique({
    where: { id: budgetId },
    select: {
      id: true, orgId: true, name: true, scope: true, projectId: true, apiKeyId: true, tag: true, period: true, amountUsd: true, thresholds: true, enabled: true, mode: true,
      org: { select: { timezone: true } }, channels: { select: { channelId: true } },
    },
  });
  if (!budget || !budget.enabled) return [];
  const status = await getBudgetStatus(db, redis, budget, budget.org.timezone, now);
  const amountNano = decimalToNano(budget.amountUsd);
  const amount = formatUsd(nanoToUsd(amountNano));
  const channelIds = budget.channels.map((c) => c.channelId);
  const base = { orgId: budget.orgId, budgetId: budget.id, projectId: budget.projectId, periodStart: new Date(status.periodStart) };
  const fired: string[] = [];

  for (const threshold of budget.thresholds) {
    if (status.spentNano * 100n < amountNano * BigInt(threshold)) continue;
    const id = await fireAlert(db, redis, {
      ...base, kind: "threshold", threshold,
      dedupeKey: `threshold:${budget.id}:${status.periodStart}:${threshold}`,
      message: `Budget "${budget.name}" reached ${threshold}% of ${amount} ${budget.period === "day" ? "today" : `this ${budget.period}`}: ${formatUsd(status.spentUsd)} spent${budget.mode === "hard" && threshold >= 100 ? "; requests are now refused" : ""}.`,
      details: { spentUsd: status.spentUsd, amountUsd: nanoToUsd(amountNano), percentUsed: status.percentUsed, periodEnd: status.periodEnd },
    }, channelIds);
    if (id) fired.push(id);
  }

  const elapsed = now.getTime() - new Date(status.periodStart).getTime();
  const { projectedUsd, lowUsd, highUsd, method } = status.forecast;
  if (status.spentNano < amountNano && elapsed >= MIN_ELAPSED_FOR_FORECAST[budget.period] && projectedUsd > Number(nanoToUsd(amountNano))) {
    const id = await fireAlert(db, redis, {
      ...base, kind: "forecast",
      dedupeKey: `forecast:${budget.id}:${status.periodStart}`,
      message: `Budget "${budget.name}" is forecast to reach ${usd(projectedUsd)} (90% range ${usd(lowUsd)}-${usd(highUsd)}) by ${status.periodEnd.slice(0, 10)}, over its ${amount}.`,
      details: { spentUsd: status.spentUsd, amountUsd: nanoToUsd(amountNano), forecast: { projectedUsd, lowUsd, highUsd, method }, periodEnd: status.periodEnd },
    }, channelIds);
    if (id) fired.push(id);
  }
  return fired;
}
