// Demo budgets sized from the seeded spend, so the budgets page, burn-down
// charts and alerts have something real to show: a soft org budget, and a
// hard budget per project with room left (the demo key keeps working).
import type { DbClient } from "../db/create-db-client";

export async function seedDemoBudgets(db: DbClient, orgId: string): Promise<void> {
  const spend = await db.$queryRaw<{ project_id: string; name: string; usd: string }[]>`
    SELECT r.project_id, p.name, sum(r.cost_usd)::text AS usd
    FROM usage_rollup_hourly r JOIN project p ON p.id = r.project_id
    WHERE r.org_id = ${orgId} GROUP BY 1, 2 ORDER BY 2`;
  const channel = await db.notificationChannel.create({ data: { orgId, name: "In-app", kind: "in_app" }, select: { id: true } });
  const roundUp = (usd: number) => String(Math.max(10, Math.ceil(usd / 10) * 10));
  const total = spend.reduce((sum, p) => sum + Number(p.usd), 0);
  await db.budget.create({
    data: { orgId, name: "Org monthly", scope: "org", period: "month", amountUsd: roundUp(total * 1.1), mode: "soft", thresholds: [50, 80, 100], channels: { create: [{ channelId: channel.id }] } },
  });
  for (const p of spend) {
    await db.budget.create({
      data: {
        orgId, name: `${p.name} monthly`, scope: "project", projectId: p.project_id, period: "month", amountUsd: roundUp(Number(p.usd) * 1.6), mode: "hard",
        breachAction: "downgrade", downgradeToTier: "economy", thresholds: [50, 80, 100], channels: { create: [{ channelId: channel.id }] },
      },
    });
  }
}
