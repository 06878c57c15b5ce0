// The models an org's keys may call, with their deployments, decrypted
// provider credentials and price versions, cached per org for the hot path.
// Changes are broadcast on Redis pub/sub; entries also expire.
import type { DbClient } from "../db/create-db-client";
import { decryptSecret } from "../crypto/secret-box";
import { priceVersionSelect, toPriceVersion, type PriceVersion } from "../pricing/price-version-rows";
import type { Tier } from "../pricing/tier-for-price";
import { PerOrgCache } from "./per-org-cache";

export const CATALOG_EVENTS_CHANNEL = "tollgate:catalog:changed";

export interface CatalogDeployment {
  id: string;
  upstreamModel: string;
  baseUrl: string;
  credential: string | null;
  providerName: string;
}

export interface CatalogModel {
  alias: string;
  tier: Tier;
  /** Tokens of context the model takes (null: unknown); the ceiling of a reserved max_tokens. */
  contextWindow: number | null;
  /** Runs on the org's own hardware (local-first rules count its requests in flight). */
  isLocal: boolean;
  deployments: CatalogDeployment[];
  prices: PriceVersion[];
}

export type OrgCatalog = Map<string, CatalogModel>;

export class ModelCatalog extends PerOrgCache<OrgCatalog> {
  constructor(
    private readonly db: DbClient,
    private readonly encryptionKey: Buffer | undefined,
    ttlMs = 30_000,
  ) {
    super((orgId) => this.loadCatalog(orgId), ttlMs);
  }

  private async loadCatalog(orgId: string): Promise<OrgCatalog> {
    const models = await this.db.model.findMany({
      where: { orgId },
      select: {
        alias: true,
        tier: true,
        tierOverride: true,
        contextWindow: true,
        isLocal: true,
        deployments: {
          where: { enabled: true, provider: { enabled: true } },
          orderBy: { priority: "asc" },
          select: { id: true, upstreamModel: true, provider: { select: { name: true, baseUrl: true, encryptedCredential: true } } },
        },
        prices: { orderBy: { effectiveFrom: "asc" }, select: priceVersionSelect },
      },
    });
    return new Map(
      models.map((m) => [
        m.alias,
        {
          alias: m.alias,
          tier: m.tierOverride ?? m.tier,
          contextWindow: m.contextWindow,
          isLocal: m.isLocal,
          deployments: m.deployments.map((d) => ({
            id: d.id,
            upstreamModel: d.upstreamModel,
            baseUrl: d.provider.baseUrl.replace(/\/+$/, ""),
            credential: d.provider.encryptedCredential && this.encryptionKey ? decryptSecret(d.provider.encryptedCredential, this.encryptionKey) : null,
            providerName: d.provider.name,
          })),
          prices: m.prices.map(toPriceVersion),
        },
      ]),
    );
  }
}
