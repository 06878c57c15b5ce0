// Demo budgets (monthly) sized from the seeded pace: a month at the last 30
// days' spend is the profile's share of the budget. So on whatever day the
// demo is seeded, spend so far is the elapsed part of that share and the
// forecast lands near it: the org budget soft at about two thirds, project
// budgets mostly 45-65%, one heading for its 80% threshold, one soft budget
// forecast over, and the demo key's project hard with room left (a new
// user's first proxy call is not refused). Sizing from month-to-date spend
// instead made budgets seeded on the 1st tiny, every one "on track to exceed".
import type { DbClient } from "../db/create-db-client";
import { usdToNano } from "../money/nano-usd";
import { demoOrgBudget, demoProjects } from "./demo-projects";
import { sizeDemoBudget } from "./size-demo-budget";

export async function seedDemoBudgets(db: DbClient, orgId: string, now: Date): Promise<void> {
  const paceFrom = new Date(now.getTime() - 30 * 24 * 3600_000);
  const spend = await db.$queryRaw<{ project_id: string; slug: string; name: string; usd: string | null }[]>`
    SELECT p.id AS project_id, p.slug, p.name, sum(r.cost_usd)::text AS usd
    FROM project p LEFT JOIN usage_rollup_hourly r ON r.project_id = p.id AND r.hour >= ${paceFrom} AND r.hour < ${now}
    WHERE p.org_id = ${orgId} GROUP BY 1, 2, 3 ORDER BY 3`;
  const channel = await db.notificationChannel.create({ data: { orgId, name: "In-app", kind: "in_app" }, select: { id: true } });
  const channels = { create: [{ channelId: channel.id }] };
  const nano = (usd: string | null) => (usd === null ? 0n : usdToNano(trimTo9(usd)));
  const total = spend.reduce((sum, p) => sum + nano(p.usd), 0n);
  await db.budget.create({
    data: { orgId, name: "Org monthly", scope: "org", period: "month", amountUsd: sizeDemoBudget(total, demoOrgBudget.utilisationPercent), mode: demoOrgBudget.mode, thresholds: [50, 80, 100], channels },
  });
  for (const p of spend) {
    const profile = demoProjects.find((d) => d.slug === p.slug)?.budget ?? { mode: "hard" as const, utilisationPercent: 50 };
    const hard = profile.mode === "hard" ? { breachAction: "downgrade" as const, downgradeToTier: "economy" as const } : {};
    await db.budget.create({
      data: {
        orgId, name: `${p.name} monthly`, scope: "project", projectId: p.project_id, period: "month",
        amountUsd: sizeDemoBudget(nano(p.usd), profile.utilisationPercent), mode: profile.mode, ...hard, thresholds: [50, 80, 100], channels,
      },
    });
  }
}

// Postgres prints numeric sums with the column's scale; keep at most 9 decimals.
function trimTo9(usd: string): string {
  const [whole, frac = ""] = usd.split(".");
  return frac ? `${whole}.${frac.slice(0, 9)}` : whole!;
}
