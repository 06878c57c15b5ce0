// Models that usage names but the catalog does not have (usage ingested from
// outside the proxy can name any model): the Models page lists them, so an
// unpriced model is never invisible to the people who price models. Read from
// the daily rollups of the last `days` org-local days.
import { TZDate } from "@date-fns/tz";
import { addDays, format } from "date-fns";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";

export interface UncataloguedModel {
  alias: string;
  requests: number;
  unpricedRequests: number;
  lastDay: string;
}

export async function listUncataloguedModels(db: DbClient, principal: Principal, now = new Date(), days = 30): Promise<UncataloguedModel[]> {
  const org = await db.org.findUniqueOrThrow({ where: { id: principal.orgId }, select: { timezone: true } });
  const from = format(addDays(new TZDate(now.getTime(), org.timezone), -(days - 1)), "yyyy-MM-dd");
  const rows = await db.$queryRaw<{ model: string; requests: bigint; unpriced: bigint; last_day: string }[]>`
    SELECT r.model, sum(r.requests)::bigint AS requests, sum(r.unpriced_requests)::bigint AS unpriced, to_char(max(r.day), 'YYYY-MM-DD') AS last_day
    FROM usage_rollup_daily r
    WHERE r.org_id = ${principal.orgId} AND r.day >= ${from}::date
      AND NOT EXISTS (SELECT 1 FROM model m WHERE m.org_id = r.org_id AND m.alias = r.model)
    GROUP BY r.model ORDER BY 2 DESC, 1 LIMIT 100`;
  return rows.map((r) => ({ alias: r.model, requests: Number(r.requests), unpricedRequests: Number(r.unpriced), lastDay: r.last_day }));
}
