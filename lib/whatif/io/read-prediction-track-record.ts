// The org's prediction track record (prediction-error.ts trackRecord): each
// applied policy and side's latest kept check, so a new result can be read
// against how far past predictions were from what their policies did. Any
// role that sees the What-if pages reads it: it holds shares and names of
// policies and scenarios, no traffic. Confined roles read the checks of the
// scenarios they may see only.
import type { Principal } from "@/lib/auth/principal";
import type { DbClient } from "@/lib/db/create-db-client";
import { trackRecord, type TrackRecord } from "../prediction-error";
import { principalScope, scopeCovers } from "./scenario-access";

export interface KeptCheck {
  policyId: string;
  policyName: string;
  scenarioId: string;
  scenarioName: string;
  side: string;
  day: string;
  requests: number;
  predictedSavingPercent: string;
  observedSavingPercent: string | null;
  errorPoints: string | null;
}

export async function readPredictionTrackRecord(db: DbClient, principal: Principal): Promise<TrackRecord & { latest: KeptCheck[] }> {
  const [rows, scope] = await Promise.all([
    db.predictionCheck.findMany({ where: { orgId: principal.orgId }, orderBy: [{ policyId: "asc" }, { side: "asc" }, { day: "desc" }], take: 5000 }),
    principalScope(db, principal),
  ]);
  const visible = scope.orgWide ? null : new Set((await db.scenario.findMany({ where: { orgId: principal.orgId, orgWide: false }, select: { id: true, orgWide: true, projectIds: true } })).filter((s) => scopeCovers(scope, s)).map((s) => s.id));
  const seen = new Set<string>();
  const latest: KeptCheck[] = [];
  for (const r of rows) {
    const key = `${r.policyId}:${r.side}`;
    if (seen.has(key) || (visible && !visible.has(r.scenarioId))) continue;
    seen.add(key);
    latest.push({
      policyId: r.policyId, policyName: r.policyName, scenarioId: r.scenarioId, scenarioName: r.scenarioName, side: r.side, day: r.day.toISOString().slice(0, 10), requests: r.requests,
      predictedSavingPercent: r.predictedSavingPercent.toFixed(2), observedSavingPercent: r.observedSavingPercent?.toFixed(2) ?? null, errorPoints: r.errorPoints?.toFixed(2) ?? null,
    });
  }
  return { ...trackRecord(latest), latest };
}
