// The input-size bands each serving model's traffic fell in over a range, for
// the SCOPE comparison's Size (scenario-scope.ts). Read from the daily traffic
// rollup without keys (the same bands, fewer rows), so over the org-local
// days the range touches: a partial first or last day counts whole (the
// note on the page says "days of the range").
import { Prisma } from "@/lib/generated/prisma/client";
import type { DbClient } from "@/lib/db/create-db-client";
import { localDayOf } from "./local-day";

export interface InputBandsScope {
  orgId: string;
  /** Null: the whole org. */
  projectIds: readonly string[] | null;
  from: Date;
  /** Exclusive. */
  to: Date;
  timeZone: string;
  models: readonly string[];
}

export async function loadInputBands(db: DbClient, scope: InputBandsScope): Promise<Map<string, string[]>> {
  const bands = new Map<string, string[]>();
  if (scope.models.length === 0 || scope.to <= scope.from) return bands;
  const day = localDayOf(scope.timeZone);
  const projects = scope.projectIds === null ? Prisma.empty : Prisma.sql`AND project_id = ANY(${[...scope.projectIds]}::text[])`;
  const rows = await db.$queryRaw<{ served_model: string; input_band: string }[]>`
    SELECT DISTINCT served_model, input_band FROM usage_rollup_traffic_daily_no_key
    WHERE org_id = ${scope.orgId} AND day BETWEEN ${day(scope.from)}::date AND ${day(new Date(scope.to.getTime() - 1))}::date
      AND served_model = ANY(${[...new Set(scope.models)]}::text[]) ${projects}`;
  for (const r of rows) bands.set(r.served_model, [...(bands.get(r.served_model) ?? []), r.input_band]);
  return bands;
}
