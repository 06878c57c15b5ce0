// The public price dataset against the org's price book: the review (what
// importing would change, nothing written) and the apply (the rows an admin
// picked, written through importPriceBook: one transaction, tiers re-derived,
// audited, published to the proxies). The apply recomputes the diff, so it
// writes what the dataset and the org's book say at that moment; a row that
// is no longer new or changed is a 422 naming it, and nothing is written.
import { findProvider } from "@pydantic/genai-prices";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Principal } from "../../../auth/principal";
import type { DbClient } from "../../../db/create-db-client";
import { AppError } from "../../../http/app-error";
import { toPriceBookFields } from "../../../pricing/price-version-rows";
import { importPriceBook } from "../../import-price-book";
import { diffPublicPrices, PUBLIC_SOURCE_PREFIX, type DiffEntry, type OrgModel } from "../diff-public-prices";
import { mapPublicPrices, PUBLIC_PROVIDERS, type PublicProviderData, type SkippedModel } from "../map-public-prices";

/** The installed package's version (a unit test holds it to node_modules). */
export const PUBLIC_PRICES_VERSION = "0.1.8";
export const PUBLIC_PRICES_PACKAGE = "@pydantic/genai-prices";

export const applyPublicPricesSchema = z.strictObject({
  aliases: z.array(z.string().min(1).max(128)).min(1).max(2000).describe("The aliases of new or changed rows of the review to write"),
});

export interface PublicPriceReview {
  source: string;
  reviewedAt: string;
  counts: Record<DiffEntry["status"] | "skipped", number>;
  entries: DiffEntry[];
  skipped: SkippedModel[];
}

function datasetProviders(): PublicProviderData[] {
  return PUBLIC_PROVIDERS.flatMap((id) => {
    const provider = findProvider({ providerId: id });
    return provider ? [provider as unknown as PublicProviderData] : [];
  });
}

export async function orgModels(db: DbClient, orgId: string): Promise<OrgModel[]> {
  const rows = await db.model.findMany({ where: { orgId }, select: { alias: true, displayName: true, tierOverride: true, isLocal: true, prices: { orderBy: { effectiveFrom: "asc" } } } });
  return rows.map((m) => ({ alias: m.alias, displayName: m.displayName, tierOverride: m.tierOverride, isLocal: m.isLocal, prices: m.prices.map((p) => ({ effectiveFrom: p.effectiveFrom, ...toPriceBookFields(p) })) }));
}

export async function reviewPublicPrices(db: DbClient, principal: Pick<Principal, "orgId">, now = new Date()): Promise<PublicPriceReview> {
  const source = `${PUBLIC_SOURCE_PREFIX}${PUBLIC_PRICES_VERSION} (imported ${now.toISOString().slice(0, 10)})`;
  const { entries, skipped } = mapPublicPrices(datasetProviders(), source);
  const diff = diffPublicPrices(entries, await orgModels(db, principal.orgId), now);
  const counts = { new: 0, changed: 0, unchanged: 0, "hand-priced": 0, skipped: skipped.length };
  for (const d of diff) counts[d.status]++;
  return { source, reviewedAt: now.toISOString(), counts, entries: diff, skipped };
}

export async function applyPublicPrices(db: DbClient, redis: Redis, principal: Principal, body: z.output<typeof applyPublicPricesSchema>, requestId?: string, now = new Date()) {
  const review = await reviewPublicPrices(db, principal, now);
  const byAlias = new Map(review.entries.map((e) => [e.alias, e]));
  const org = new Map((await orgModels(db, principal.orgId)).map((m) => [m.alias, m]));
  const issues = [...new Set(body.aliases)].flatMap((alias, i) => {
    const entry = byAlias.get(alias);
    if (!entry) return [{ field: `aliases.${i}`, message: `${alias} is not in the public price dataset` }];
    if (entry.status !== "new" && entry.status !== "changed") return [{ field: `aliases.${i}`, message: `${alias} is ${entry.status}: nothing to write` }];
    return [];
  });
  if (issues.length) throw new AppError("validation_failed", issues.map((x) => `${x.field}: ${x.message}`).join("; "), issues);
  const picked = [...new Set(body.aliases)].map((alias) => byAlias.get(alias)!);
  const summary = await importPriceBook(db, redis, principal, {
    version: 1, currency: "USD", unit: "per_1m_tokens",
    // An existing model keeps its own display name and tier override.
    models: picked.map((e) => ({ alias: e.alias, displayName: org.has(e.alias) ? org.get(e.alias)!.displayName : e.displayName, tierOverride: org.get(e.alias)?.tierOverride ?? null, prices: e.proposed })),
  }, requestId);
  // The dataset's context windows for the models it created (what-if SCOPE and routing's context check read them).
  for (const e of picked) {
    if (e.status === "new" && e.contextWindow) await db.model.updateMany({ where: { orgId: principal.orgId, alias: e.alias, contextWindow: null }, data: { contextWindow: e.contextWindow } });
  }
  return { source: review.source, created: picked.filter((e) => e.status === "new").length, updated: picked.filter((e) => e.status === "changed").length, ...summary };
}
