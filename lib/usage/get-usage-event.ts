// One request of the request log, with its cost broken down by token type
// and the price version it was priced with. The breakdown is recomputed
// with the same function the proxy used, so its total equals the stored cost.
// Ids are resolved to what people know them by: the project's name, the API
// key's name and prefix, the provider and the deployment's upstream model
// (null where the key or deployment has since been deleted: the id remains).
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { priceRequest } from "../pricing/price-request";
import { priceVersionSelect, toPriceVersion } from "../pricing/price-version-rows";
import { listProjects } from "../projects/list-projects";
import { describeCostLines } from "./describe-cost-lines";
import { toUsageEventView, usageEventListFields } from "./list-usage-events";

export async function getUsageEvent(db: DbClient, principal: Principal, eventId: string) {
  if (!/^\d{1,19}$/.test(eventId)) throw new AppError("not_found", "No such request");
  const projects = await listProjects(db, principal);
  const visible = projects.map((p) => p.id);
  const row = await db.usageEvent.findFirst({
    where: { id: BigInt(eventId), orgId: principal.orgId, projectId: { in: visible } },
    select: { ...usageEventListFields, cacheWriteTokens: true, priceId: true, deploymentId: true, endUser: true },
  });
  if (!row) throw new AppError("not_found", "No such request");
  const [price, apiKey, deployment] = await Promise.all([
    row.priceId ? db.modelPrice.findUnique({ where: { id: row.priceId }, select: { ...priceVersionSelect, source: true } }) : null,
    row.apiKeyId ? db.apiKey.findFirst({ where: { id: row.apiKeyId, projectId: row.projectId }, select: { id: true, name: true, prefix: true } }) : null,
    row.deploymentId
      ? db.deployment.findFirst({ where: { id: row.deploymentId, provider: { orgId: principal.orgId } }, select: { id: true, upstreamModel: true, provider: { select: { id: true, name: true, vendor: true } } } })
      : null,
  ]);
  const version = price ? toPriceVersion(price) : null;
  const breakdown = version ? priceRequest(row, version) : null;
  return {
    ...toUsageEventView(row),
    project: { id: row.projectId, name: projects.find((p) => p.id === row.projectId)!.name },
    apiKey,
    deployment,
    price: version ? { id: version.id, effectiveFrom: version.effectiveFrom, source: price!.source, inputPerMTok: version.inputPerMTok, cachedInputPerMTok: version.cachedInputPerMTok, cacheWritePerMTok: version.cacheWritePerMTok, outputPerMTok: version.outputPerMTok, reasoningPerMTok: version.reasoningPerMTok } : null,
    costBreakdown: breakdown,
    costLines: version && breakdown ? describeCostLines(row, version, breakdown) : null,
  };
}
