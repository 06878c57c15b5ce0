// The check behind the daily job and "Check now": the public price dataset
// against an org's price book, kept as a pending price import when there is
// something new to decide (propose-price-import.ts says when). Idempotent: the
// same diff checked again adds nothing, and at most one import per org is
// pending (a unique column), so a second worker or a retry cannot add another.
import type { DbClient } from "../../../db/create-db-client";
import { Prisma } from "../../../generated/prisma/client";
import { PUBLIC_SOURCE_PREFIX } from "../diff-public-prices";
import { decideProposal, importRowKey, importRows, type ImportRow } from "../propose-price-import";
import type { SkippedModel } from "../map-public-prices";
import { PUBLIC_PRICES_PACKAGE, PUBLIC_PRICES_VERSION, reviewPublicPrices } from "./public-price-book";

/** What a price import keeps as its diff (JSON). */
export interface StoredImportDiff {
  /** The source written on each price, with the date of the check; an apply writes the date of the apply. */
  reviewedSource: string;
  reviewedAt: string;
  rows: ImportRow[];
  skipped: SkippedModel[];
}

export type CheckOutcome = "created" | "already-pending" | "already-decided" | "nothing-to-import";

export const PACKAGE_SOURCE = `${PUBLIC_SOURCE_PREFIX}${PUBLIC_PRICES_VERSION}`;

export async function checkPublicPrices(db: DbClient, orgId: string, actor: string, now = new Date()): Promise<{ outcome: CheckOutcome; importId: string | null }> {
  const review = await reviewPublicPrices(db, { orgId }, now);
  const rows = importRows(review.entries);
  const pending = await db.priceImport.findUnique({ where: { pendingOrgId: orgId }, select: { id: true, fingerprint: true } });
  const lastDecided = await db.priceImport.findFirst({ where: { orgId, status: { in: ["applied", "dismissed"] } }, orderBy: { createdAt: "desc" }, select: { diff: true } });
  const decision = decideProposal(PACKAGE_SOURCE, rows, {
    pending,
    lastDecidedRowKeys: lastDecided ? (lastDecided.diff as unknown as StoredImportDiff).rows.map(importRowKey) : null,
  });
  if (decision.kind === "already-pending") return { outcome: decision.kind, importId: pending!.id };
  if (decision.kind !== "propose") {
    // What was pending no longer matches the dataset and the book (a price was set by hand since, say).
    if (pending) await supersede(db, pending.id);
    return { outcome: decision.kind, importId: null };
  }
  const diff: StoredImportDiff = { reviewedSource: review.source, reviewedAt: review.reviewedAt, rows, skipped: review.skipped };
  try {
    const created = await db.$transaction(async (tx) => {
      if (pending) await supersede(tx, pending.id);
      return tx.priceImport.create({
        data: {
          orgId, pendingOrgId: orgId, status: "pending", source: PACKAGE_SOURCE, packageName: PUBLIC_PRICES_PACKAGE, packageVersion: PUBLIC_PRICES_VERSION,
          fingerprint: decision.fingerprint, counts: review.counts, diff: diff as unknown as Prisma.InputJsonValue, createdBy: actor, createdAt: now,
        },
        select: { id: true },
      });
    });
    return { outcome: "created", importId: created.id };
  } catch (error) {
    // Another check (a second worker, "Check now") proposed at the same moment: keep the one it made.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await db.priceImport.findUnique({ where: { pendingOrgId: orgId }, select: { id: true } });
      return { outcome: "already-pending", importId: winner?.id ?? null };
    }
    throw error;
  }
}

async function supersede(db: Pick<DbClient, "priceImport">, id: string) {
  await db.priceImport.updateMany({ where: { id, status: "pending" }, data: { status: "superseded", pendingOrgId: null } });
}

/** The daily job: every org, one at a time; an org that fails is logged and the others still get their check. */
export async function checkPublicPricesForAllOrgs(db: DbClient, onError: (orgId: string, error: Error) => void, now = new Date()) {
  const orgs = await db.org.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  const outcomes: Record<CheckOutcome | "failed", number> = { created: 0, "already-pending": 0, "already-decided": 0, "nothing-to-import": 0, failed: 0 };
  for (const org of orgs) {
    try {
      outcomes[(await checkPublicPrices(db, org.id, "system", now)).outcome]++;
    } catch (error) {
      outcomes.failed++;
      onError(org.id, error as Error);
    }
  }
  return outcomes;
}
