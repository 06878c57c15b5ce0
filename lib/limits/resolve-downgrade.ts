// The model a budget's downgrade action serves instead: the model it names,
// or the cheapest priced model of the tier it names. A model without a price
// in effect is never a target: a hard budget could not hold its spend.
import type { CatalogModel, OrgCatalog } from "../proxy/model-catalog";
import { priceInEffect } from "../pricing/price-in-effect";
import { parseRate } from "../pricing/price-request";
import type { BudgetRule } from "./limit-rules";

export function resolveDowngrade(catalog: OrgCatalog, rule: BudgetRule, at: Date): CatalogModel | null {
  const usable = (m: CatalogModel | undefined): m is CatalogModel => !!m && m.deployments.length > 0 && priceInEffect(m.prices, at) !== undefined;
  if (rule.downgradeToModel) {
    const named = catalog.get(rule.downgradeToModel);
    return usable(named) ? named : null;
  }
  if (!rule.downgradeToTier) return null;
  // Blended 3:1 input:output, as tiers are computed (lib/pricing/tier-for-price.ts).
  const blended = (m: CatalogModel) => {
    const p = priceInEffect(m.prices, at)!;
    return 3n * parseRate(p.inputPerMTok) + parseRate(p.outputPerMTok);
  };
  const candidates = [...catalog.values()].filter((m) => usable(m) && m.tier === rule.downgradeToTier);
  candidates.sort((x, y) => (blended(x) < blended(y) ? -1 : blended(x) > blended(y) ? 1 : x.alias.localeCompare(y.alias)));
  return candidates[0] ?? null;
}
