// The org's price imports: the latest first, without their diffs; one import
// with its diff (the rows and the skipped models), for the review.
import { z } from "zod";
import type { Principal } from "../../../auth/principal";
import type { DbClient } from "../../../db/create-db-client";
import { AppError } from "../../../http/app-error";
import type { StoredImportDiff } from "./check-public-prices";

export const listPriceImportsQuerySchema = z.strictObject({
  status: z.enum(["pending", "applied", "dismissed", "superseded"]).optional().describe("Only imports in this status"),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe("At most this many, the latest first"),
});

const summary = { id: true, source: true, packageName: true, packageVersion: true, status: true, counts: true, createdBy: true, createdAt: true, decidedBy: true, decidedAt: true, appliedAliases: true } as const;

export async function listPriceImports(db: DbClient, principal: Principal, query: z.output<typeof listPriceImportsQuerySchema>) {
  return db.priceImport.findMany({ where: { orgId: principal.orgId, ...(query.status ? { status: query.status } : {}) }, orderBy: { createdAt: "desc" }, take: query.limit, select: summary });
}

export type PriceImportView = Awaited<ReturnType<typeof getPriceImport>>;

export async function getPriceImport(db: DbClient, principal: Principal, importId: string) {
  const found = await db.priceImport.findFirst({ where: { id: importId, orgId: principal.orgId }, select: { ...summary, diff: true } });
  if (!found) throw new AppError("not_found", "No such price import");
  return { ...found, diff: found.diff as unknown as StoredImportDiff };
}

/** The pending import with its diff, or the latest decided one without (what the Models page shows). */
export async function latestPriceImport(db: DbClient, principal: Principal) {
  const pending = await db.priceImport.findUnique({ where: { pendingOrgId: principal.orgId }, select: { id: true } });
  if (pending) return getPriceImport(db, principal, pending.id);
  return db.priceImport.findFirst({ where: { orgId: principal.orgId, status: { in: ["applied", "dismissed"] } }, orderBy: { createdAt: "desc" }, select: summary });
}
