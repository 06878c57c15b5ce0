import { describe, expect, it } from "vitest";
import type { CatalogModel, OrgCatalog } from "../proxy/model-catalog";
import type { BudgetRule } from "./limit-rules";
import { resolveDowngrade } from "./resolve-downgrade";

const deployment = { id: "d", upstreamModel: "u", baseUrl: "http://x", credential: null, providerName: "p" };
const price = (input: string, output: string) => ({ id: `p-${input}`, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: input, cachedInputPerMTok: null, cacheWritePerMTok: null, outputPerMTok: output, reasoningPerMTok: null });
const model = (alias: string, prices: CatalogModel["prices"]): CatalogModel => ({ alias, tier: "economy", contextWindow: null, isLocal: false, deployments: [deployment], prices });
const rule = (over: Partial<BudgetRule>): BudgetRule => ({
  id: "b", name: "b", scope: "org", projectId: null, apiKeyId: null, tag: null, period: "day", amountNano: 1n, mode: "hard", thresholds: [],
  breachAction: "downgrade", downgradeToModel: null, downgradeToTier: null, throttleRpm: null, ...over,
});
const at = new Date("2026-06-01T00:00:00Z");

describe("resolveDowngrade", () => {
  const catalog: OrgCatalog = new Map([
    ["unpriced", model("unpriced", [])],
    ["cheap", model("cheap", [price("0.05", "0.2")])],
    ["later", model("later", [{ ...price("0", "0"), effectiveFrom: new Date("2027-01-01T00:00:00Z") }])],
  ]);

  it("never picks an unpriced model as the tier's cheapest", () => {
    expect(resolveDowngrade(catalog, rule({ downgradeToTier: "economy" }), at)?.alias).toBe("cheap");
  });

  it("refuses a named target without a price in effect", () => {
    expect(resolveDowngrade(catalog, rule({ downgradeToModel: "unpriced" }), at)).toBeNull();
    expect(resolveDowngrade(catalog, rule({ downgradeToModel: "later" }), at)).toBeNull();
    expect(resolveDowngrade(catalog, rule({ downgradeToModel: "cheap" }), at)?.alias).toBe("cheap");
  });
});
