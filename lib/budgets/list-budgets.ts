// Budgets the caller can see, each with where it stands this period.
// Org-wide roles see all; engineers and viewers see org and tag budgets and
// those of their own projects.
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { ORG_WIDE_ROLES } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { listProjects } from "../projects/list-projects";
import { getBudgetStatus } from "./get-budget-status";
import { budgetFields } from "./save-budget";

export async function listBudgets(db: DbClient, redis: Redis | null, principal: Principal, now = new Date(), onlyId?: string) {
  const org = await db.org.findUniqueOrThrow({ where: { id: principal.orgId }, select: { timezone: true } });
  const visible = ORG_WIDE_ROLES.includes(principal.role) ? null : (await listProjects(db, principal)).map((p) => p.id);
  const rows = await db.budget.findMany({
    where: { orgId: principal.orgId, ...(onlyId ? { id: onlyId } : {}), ...(visible ? { OR: [{ projectId: null, apiKeyId: null }, { projectId: { in: visible } }, { apiKey: { projectId: { in: visible } } }] } : {}) },
    orderBy: { createdAt: "asc" },
    select: { ...budgetFields, project: { select: { name: true } }, apiKey: { select: { name: true, prefix: true, projectId: true } } },
  });
  return Promise.all(rows.map(async (b) => toView(b, await getBudgetStatus(db, redis, { ...b, orgId: principal.orgId }, org.timezone, now))));
}

export async function getBudget(db: DbClient, redis: Redis | null, principal: Principal, budgetId: string, now = new Date()) {
  const [found] = await listBudgets(db, redis, principal, now, budgetId);
  if (!found) throw new AppError("not_found", "No such budget");
  return found;
}

interface Row {
  id: string; name: string; scope: "org" | "project" | "key" | "tag"; projectId: string | null; apiKeyId: string | null; tag: string | null;
  period: "day" | "week" | "month"; amountUsd: { toFixed(dp?: number): string }; mode: "soft" | "hard"; thresholds: number[];
  breachAction: "block" | "downgrade" | "throttle"; downgradeToModel: string | null; downgradeToTier: string | null; throttleRpm: number | null; enabled: boolean;
  channels: { channelId: string }[]; project: { name: string } | null; apiKey: { name: string; prefix: string; projectId: string } | null;
}

function toView(b: Row, status: Awaited<ReturnType<typeof getBudgetStatus>>) {
  const { spentNano: _exact, ...statusView } = status;
  void _exact;
  return {
    id: b.id, name: b.name, scope: b.scope, projectId: b.projectId, apiKeyId: b.apiKeyId, tag: b.tag, keyProjectId: b.apiKey?.projectId ?? null,
    target: b.scope === "org" ? "Whole org" : b.scope === "project" ? `Project ${b.project?.name ?? "?"}` : b.scope === "key" ? `Key ${b.apiKey?.name ?? "?"} (${b.apiKey?.prefix ?? ""}…)` : `Tag ${b.tag}`,
    period: b.period, amountUsd: b.amountUsd.toFixed(), mode: b.mode, thresholds: b.thresholds, breachAction: b.breachAction,
    downgradeToModel: b.downgradeToModel, downgradeToTier: b.downgradeToTier, throttleRpm: b.throttleRpm, enabled: b.enabled,
    channelIds: b.channels.map((c) => c.channelId),
    status: statusView,
  };
}

export type BudgetView = Awaited<ReturnType<typeof listBudgets>>[number];
