// One request of the request log, with its cost broken down by token type
// and the price version it was priced with. The breakdown is recomputed
// with the same function the proxy used, so its total equals the stored cost.
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { priceRequest } from "../pricing/price-request";
import { priceVersionSelect, toPriceVersion } from "../pricing/price-version-rows";
import { listProjects } from "../projects/list-projects";
import { toUsageEventView, usageEventListFields } from "./list-usage-events";

export async function getUsageEvent(db: DbClient, principal: Principal, eventId: string) {
  if (!/^\d{1,19}$/.test(eventId)) throw new AppError("not_found", "No such request");
  const visible = (await listProjects(db, principal)).map((p) => p.id);
  const row = await db.usageEvent.findFirst({
    where: { id: BigInt(eventId), orgId: principal.orgId, projectId: { in: visible } },
    select: { ...usageEventListFields, cacheWriteTokens: true, priceId: true, deploymentId: true, endUser: true },
  });
  if (!row) throw new AppError("not_found", "No such request");
  const price = row.priceId ? await db.modelPrice.findUnique({ where: { id: row.priceId }, select: { ...priceVersionSelect, source: true } }) : null;
  const version = price ? toPriceVersion(price) : null;
  return {
    ...toUsageEventView(row),
    price: version ? { id: version.id, effectiveFrom: version.effectiveFrom, source: price!.source, inputPerMTok: version.inputPerMTok, cachedInputPerMTok: version.cachedInputPerMTok, cacheWritePerMTok: version.cacheWritePerMTok, outputPerMTok: version.outputPerMTok, reasoningPerMTok: version.reasoningPerMTok } : null,
    costBreakdown: version ? priceRequest(row, version) : null,
  };
}
