// An admin's decision on a pending price import: apply all or the picked new
// and changed rows, or dismiss it. The apply writes, in one transaction, the
// import's status (pending -> applied: a second apply is a 409), the models
// (no deployments: priced only, not routable) and price versions, the
// dataset's context windows of the models it created, and the audit entry;
// then tells the proxies, as every catalog edit does. It writes what the
// dataset and the book say at the apply, and refuses (409) a picked row whose
// proposal no longer holds (a price set by hand since, say): check again.
// Hand-priced and local models are never written.
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Principal } from "../../../auth/principal";
import { recordAudit } from "../../../audit/record-audit";
import type { DbClient } from "../../../db/create-db-client";
import { AppError } from "../../../http/app-error";
import { writePriceBookModels } from "../../import-price-book";
import { publishCatalogChange } from "../../publish-catalog-change";
import { importRowKey, type ImportRow } from "../propose-price-import";
import type { StoredImportDiff } from "./check-public-prices";
import { orgModels, reviewPublicPrices } from "./public-price-book";

export const applyPriceImportSchema = z.strictObject({
  aliases: z.array(z.string().min(1).max(128)).min(1).max(2000).optional().describe("The new or changed rows to write, by alias; every new and changed row when omitted"),
});

async function pendingImport(db: DbClient, principal: Principal, importId: string, verb: string) {
  const found = await db.priceImport.findFirst({ where: { id: importId, orgId: principal.orgId }, select: { id: true, status: true, diff: true } });
  if (!found) throw new AppError("not_found", "No such price import");
  if (found.status !== "pending") throw new AppError("conflict", `This price import is ${found.status}: only a pending one can be ${verb}`);
  return { ...found, diff: found.diff as unknown as StoredImportDiff };
}

/** The rows to write: the picked aliases (each a new or changed row of the import), or all of them. */
function pickRows(rows: readonly ImportRow[], aliases: readonly string[] | undefined): ImportRow[] {
  const writable = rows.filter((r) => r.status === "new" || r.status === "changed");
  if (!aliases) return writable;
  const byAlias = new Map(rows.map((r) => [r.alias, r]));
  const issues = aliases.flatMap((alias, i) => {
    const row = byAlias.get(alias);
    if (!row) return [{ field: `aliases.${i}`, message: `${alias} is not a row of this import` }];
    if (row.status === "hand-priced") return [{ field: `aliases.${i}`, message: `${alias} is priced by hand in your book: never overwritten` }];
    return [];
  });
  if (issues.length) throw new AppError("validation_failed", issues.map((x) => `${x.field}: ${x.message}`).join("; "), issues);
  const picked = new Set(aliases);
  return writable.filter((r) => picked.has(r.alias));
}

export async function applyPriceImport(db: DbClient, redis: Redis, principal: Principal, importId: string, body: z.output<typeof applyPriceImportSchema>, requestId?: string, now = new Date()) {
  const stored = await pendingImport(db, principal, importId, "applied");
  const picked = pickRows(stored.diff.rows, body.aliases);
  const review = await reviewPublicPrices(db, principal, now);
  const live = new Map(review.entries.map((e) => [e.alias, e]));
  const stale = picked.filter((r) => {
    const now = live.get(r.alias);
    return !now || now.status !== r.status || importRowKey(now as ImportRow) !== importRowKey(r);
  });
  if (stale.length) {
    const names = stale.slice(0, 5).map((r) => r.alias).join(", ") + (stale.length > 5 ? ` and ${stale.length - 5} more` : "");
    throw new AppError("conflict", `The price book or the dataset changed since this import was proposed (${names}): check again for a new one`);
  }
  const entries = picked.map((r) => live.get(r.alias)!);
  const org = new Map((await orgModels(db, principal.orgId)).map((m) => [m.alias, m]));
  const summary = await db.$transaction(
    async (tx) => {
      const flipped = await tx.priceImport.updateMany({
        where: { id: importId, orgId: principal.orgId, status: "pending" },
        data: { status: "applied", pendingOrgId: null, decidedBy: principal.actor, decidedAt: now, appliedAliases: entries.map((e) => e.alias) },
      });
      if (flipped.count !== 1) throw new AppError("conflict", "This price import was decided meanwhile: only a pending one can be applied");
      // An existing model keeps its own display name and tier override.
      const written = await writePriceBookModels(tx, principal.orgId, entries.map((e) => ({
        alias: e.alias, displayName: org.get(e.alias)?.displayName ?? e.displayName, tierOverride: org.get(e.alias)?.tierOverride ?? null, prices: e.proposed,
      })));
      for (const e of entries) {
        if (e.status === "new" && e.contextWindow) await tx.model.updateMany({ where: { orgId: principal.orgId, alias: e.alias, contextWindow: null }, data: { contextWindow: e.contextWindow } });
      }
      const result = { source: review.source, created: entries.filter((e) => e.status === "new").length, updated: entries.filter((e) => e.status === "changed").length, ...written };
      await recordAudit(tx, principal, { action: "price_import.apply", entityType: "price_import", entityId: importId, after: { ...result, aliases: entries.map((e) => e.alias) }, requestId });
      return result;
    },
    { timeout: 60_000 },
  );
  await publishCatalogChange(redis, principal.orgId);
  return { id: importId, status: "applied" as const, ...summary };
}

export async function dismissPriceImport(db: DbClient, principal: Principal, importId: string, requestId?: string, now = new Date()) {
  await pendingImport(db, principal, importId, "dismissed");
  await db.$transaction(async (tx) => {
    const flipped = await tx.priceImport.updateMany({ where: { id: importId, orgId: principal.orgId, status: "pending" }, data: { status: "dismissed", pendingOrgId: null, decidedBy: principal.actor, decidedAt: now } });
    if (flipped.count !== 1) throw new AppError("conflict", "This price import was decided meanwhile: only a pending one can be dismissed");
    await recordAudit(tx, principal, { action: "price_import.dismiss", entityType: "price_import", entityId: importId, requestId });
  });
  return { id: importId, status: "dismissed" as const };
}
