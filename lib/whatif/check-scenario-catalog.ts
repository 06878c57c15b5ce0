// What the scenario schema cannot know: whether the models it names exist in
// the org's catalog and are priced over the whole range, whether the local
// model is local, and whether the suites exist. Each issue names its field
// (the same paths as the schema's), so the API answers 422 naming the rule
// and field, before anything is saved or queued.
import { priceInEffect } from "@/lib/pricing/price-in-effect";
import { qualitySuiteOf, type Scenario } from "./scenario-schema";
import type { WhatIfCatalog } from "./whatif-inputs";

export interface CatalogIssue {
  path: (string | number)[];
  message: string;
}

const HOUR_MS = 3_600_000;

export function checkScenarioAgainstCatalog(scenario: Scenario, catalog: WhatIfCatalog, suiteIds: ReadonlySet<string>): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  // Traffic is priced per hour from the start of the first hour the range touches.
  const firstHour = new Date(Math.floor(Date.parse(scenario.range.from) / HOUR_MS) * HOUR_MS);
  const priced = (path: (string | number)[], alias: string): boolean => {
    const model = catalog.get(alias);
    if (!model) {
      issues.push({ path, message: `unknown model "${alias}": not in the organisation's catalog` });
      return false;
    }
    if (!priceInEffect(model.versions, firstHour)) {
      issues.push({ path, message: `model "${alias}" has no price in effect from ${firstHour.toISOString()} (the start of the range): add a price version, or start the range later` });
      return false;
    }
    return true;
  };

  scenario.rules.forEach((rule, i) => {
    if ("model" in rule.target) priced(["rules", i, "target", "model"], rule.target.model);
    else if (!suiteIds.has(rule.target.cheapestWhere.suiteId)) {
      issues.push({ path: ["rules", i, "target", "cheapestWhere", "suiteId"], message: `unknown benchmark suite "${rule.target.cheapestWhere.suiteId}"` });
    }
    const suite = qualitySuiteOf(rule);
    if (rule.suiteId !== undefined && suite !== null && !suiteIds.has(suite)) issues.push({ path: ["rules", i, "suiteId"], message: `unknown benchmark suite "${suite}"` });
  });

  const burst = scenario.localBurst;
  if (burst) {
    const local = catalog.get(burst.localModel);
    if (local && !local.isLocal) issues.push({ path: ["localBurst", "localModel"], message: `model "${burst.localModel}" is not a local model` });
    else if (!local) issues.push({ path: ["localBurst", "localModel"], message: `unknown model "${burst.localModel}": not in the organisation's catalog` });
    if (priced(["localBurst", "cloudModel"], burst.cloudModel) && catalog.get(burst.cloudModel)!.isLocal) {
      issues.push({ path: ["localBurst", "cloudModel"], message: `model "${burst.cloudModel}" is local: traffic above capacity must spill to a cloud model` });
    }
  }
  return issues;
}
