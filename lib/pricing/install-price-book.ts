// Installs the default catalog into an org: one provider per vendor, a model,
// its first price version and a deployment for each entry. Idempotent.
import type { DbClient } from "../db/create-db-client";
import { defaultPriceBook, PRICE_BOOK_EFFECTIVE_FROM, PRICE_BOOK_SOURCE } from "./default-price-book";
import { tierForPrice } from "./tier-for-price";

const vendorBaseUrls: Record<string, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
  google: "https://generativelanguage.googleapis.com/v1beta/openai",
  xai: "https://api.x.ai/v1",
  deepseek: "https://api.deepseek.com/v1",
  together: "https://api.together.xyz/v1",
  mistral: "https://api.mistral.ai/v1",
  ollama: "http://127.0.0.1:11434/v1",
};

export async function installPriceBook(db: DbClient, orgId: string): Promise<void> {
  const effectiveFrom = new Date(PRICE_BOOK_EFFECTIVE_FROM);
  for (const entry of defaultPriceBook) {
    const provider = await db.provider.upsert({
      where: { orgId_name: { orgId, name: entry.vendor } },
      create: { orgId, name: entry.vendor, vendor: entry.vendor, kind: entry.isLocal ? "local" : "cloud", baseUrl: vendorBaseUrls[entry.vendor] ?? "http://127.0.0.1/v1" },
      update: {},
      select: { id: true },
    });
    const model = await db.model.upsert({
      where: { orgId_alias: { orgId, alias: entry.alias } },
      create: {
        orgId,
        alias: entry.alias,
        displayName: entry.displayName,
        contextWindow: entry.contextWindow,
        isLocal: entry.isLocal,
        tier: tierForPrice(entry.inputPerMTok, entry.outputPerMTok),
      },
      update: {},
      select: { id: true },
    });
    await db.modelPrice.upsert({
      where: { modelId_effectiveFrom: { modelId: model.id, effectiveFrom } },
      create: {
        modelId: model.id,
        effectiveFrom,
        inputPerMTok: entry.inputPerMTok,
        cachedInputPerMTok: entry.cachedInputPerMTok,
        cacheWritePerMTok: entry.cacheWritePerMTok,
        outputPerMTok: entry.outputPerMTok,
        source: PRICE_BOOK_SOURCE,
      },
      update: {},
    });
    await db.deployment.upsert({
      where: { providerId_upstreamModel: { providerId: provider.id, upstreamModel: entry.alias } },
      create: { providerId: provider.id, modelId: model.id, upstreamModel: entry.alias },
      update: {},
    });
  }
}
