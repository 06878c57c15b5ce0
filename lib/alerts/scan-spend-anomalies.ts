// Looks for spend anomalies per project: the last complete hour against
// the 14 days of hours before it, and the last complete local day against
// the 28 days before it (zero-filled from the project's first spend). Reads
// the hourly rollups only, bounded by time. Anomaly alerts go to every
// enabled channel of the org.
import { TZDate } from "@date-fns/tz";
import { startOfDay, subDays } from "date-fns";
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { formatUsdEstimate as usd } from "../format/format-usd";
import { detectAnomaly } from "./detect-anomaly";
import { fireAlert } from "./fire-alert";

export interface AnomalyOptions {
  hourlyFloorUsd: number;
  dailyFloorUsd: number;
}

const HOUR_MS = 3600_000;
const HOURLY = { k: 5, baselineHours: 14 * 24, minHistoryHours: 3 * 24 };
const DAILY = { k: 3.5, baselineDays: 28, minHistoryDays: 7 };

export async function scanSpendAnomalies(db: DbClient, redis: Redis, orgId: string, now: Date, options: AnomalyOptions): Promise<string[]> {
  const org = await db.org.findUniqueOrThrow({ where: { id: orgId }, select: { timezone: true, projects: { select: { id: true, name: true } } } });
  const names = new Map(org.projects.map((p) => [p.id, p.name]));
  const channels = (await db.notificationChannel.findMany({ where: { orgId, enabled: true }, select: { id: true } })).map((c) => c.id);
  const fired: string[] = [];

  // Hourly.
  const lastHour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS);
  const hourFrom = new Date(lastHour.getTime() - HOURLY.baselineHours * HOUR_MS);
  const hourly = await db.$queryRaw<{ project_id: string; hour: Date; usd: string }[]>`
    SELECT project_id, hour, sum(cost_usd)::text AS usd FROM usage_rollup_hourly
    WHERE org_id = ${orgId} AND hour >= ${hourFrom} AND hour <= ${lastHour} GROUP BY 1, 2`;
  for (const [projectId, series] of groupByProject(hourly.map((r) => ({ projectId: r.project_id, at: r.hour.getTime(), usd: Number(r.usd) })))) {
    const value = series.get(lastHour.getTime()) ?? 0;
    const first = Math.min(...series.keys());
    if (value === 0 || lastHour.getTime() - first < HOURLY.minHistoryHours * HOUR_MS) continue;
    const baseline: number[] = [];
    for (let t = Math.max(first, hourFrom.getTime()); t < lastHour.getTime(); t += HOUR_MS) baseline.push(series.get(t) ?? 0);
    const verdict = detectAnomaly(value, baseline, { k: HOURLY.k, floorUsd: options.hourlyFloorUsd });
    if (!verdict.anomalous) continue;
    const id = await fireAlert(db, redis, {
      orgId, projectId, kind: "anomaly", dedupeKey: `anomaly:hour:${projectId}:${lastHour.toISOString()}`,
      message: `Project "${names.get(projectId) ?? projectId}" spent ${usd(value)} in the hour from ${lastHour.toISOString().slice(11, 16)} UTC, against a usual ${usd(verdict.medianUsd)} (alert above ${usd(verdict.thresholdUsd)}).`,
      details: { granularity: "hour", bucketStart: lastHour.toISOString(), valueUsd: value, ...verdict },
    }, channels);
    if (id) fired.push(id);
  }

  // Daily, in the org's timezone.
  const today = startOfDay(new TZDate(now.getTime(), org.timezone));
  const lastDay = subDays(today, 1);
  const dayFrom = subDays(lastDay, DAILY.baselineDays);
  const daily = await db.$queryRaw<{ project_id: string; day: string; usd: string }[]>`
    SELECT project_id, to_char(date_trunc('day', hour AT TIME ZONE ${org.timezone}), 'YYYY-MM-DD') AS day, sum(cost_usd)::text AS usd
    FROM usage_rollup_hourly WHERE org_id = ${orgId} AND hour >= ${new Date(dayFrom.getTime())} AND hour < ${new Date(today.getTime())} GROUP BY 1, 2`;
  const dayKeys: string[] = [];
  for (let i = DAILY.baselineDays; i >= 0; i--) dayKeys.push(localDay(subDays(lastDay, i)));
  const lastKey = dayKeys.at(-1)!;
  const byProject = new Map<string, Map<string, number>>();
  for (const r of daily) byProject.set(r.project_id, (byProject.get(r.project_id) ?? new Map()).set(r.day, Number(r.usd)));
  for (const [projectId, series] of byProject) {
    const value = series.get(lastKey) ?? 0;
    const firstIndex = dayKeys.findIndex((d) => series.has(d));
    const baseline = dayKeys.slice(firstIndex, -1).map((d) => series.get(d) ?? 0);
    if (value === 0 || baseline.length < DAILY.minHistoryDays) continue;
    const verdict = detectAnomaly(value, baseline, { k: DAILY.k, floorUsd: options.dailyFloorUsd });
    if (!verdict.anomalous) continue;
    const id = await fireAlert(db, redis, {
      orgId, projectId, kind: "anomaly", dedupeKey: `anomaly:day:${projectId}:${lastKey}`,
      message: `Project "${names.get(projectId) ?? projectId}" spent ${usd(value)} on ${lastKey}, against a usual ${usd(verdict.medianUsd)} a day (alert above ${usd(verdict.thresholdUsd)}).`,
      details: { granularity: "day", bucketStart: lastKey, valueUsd: value, ...verdict },
    }, channels);
    if (id) fired.push(id);
  }
  return fired;
}

function groupByProject(rows: { projectId: string; at: number; usd: number }[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) out.set(r.projectId, (out.get(r.projectId) ?? new Map()).set(r.at, r.usd));
  return out;
}

const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
