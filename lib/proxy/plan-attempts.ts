// The attempts a routing decision allows, in order: each candidate model's
// enabled deployments in priority order. Deployments cooled down after a
// recent failure go after every healthy one, as a last resort rather than
// never: an outage of every target is better met by trying than by a 503.
// Pure.
import { MAX_ATTEMPTS } from "../routing/policy-schema";
import type { RouteDecision } from "../routing/route-types";
import type { CatalogDeployment, CatalogModel, OrgCatalog } from "./model-catalog";

export interface AttemptTarget {
  model: CatalogModel;
  deployment: CatalogDeployment;
}

export function planAttempts(decision: RouteDecision, catalog: OrgCatalog, cooledDown: ReadonlySet<string>, maxAttempts = MAX_ATTEMPTS): AttemptTarget[] {
  const healthy: AttemptTarget[] = [];
  const cooled: AttemptTarget[] = [];
  const cooledModels = decision.skipped.filter((s) => s.reason === "cooled-down").map((s) => s.model);
  for (const alias of [...decision.candidates, ...cooledModels]) {
    const model = catalog.get(alias);
    if (!model) continue;
    for (const deployment of model.deployments) {
      (cooledDown.has(deployment.id) || cooledDown.has(alias) ? cooled : healthy).push({ model, deployment });
    }
  }
  return [...healthy, ...cooled].slice(0, Math.max(1, maxAttempts));
}

/** After a context-length error: only targets whose window is larger than the one that failed (unknown windows may be). */
export function largerContextOnly(rest: readonly AttemptTarget[], failed: CatalogModel): AttemptTarget[] {
  if (failed.contextWindow === null) return [];
  return rest.filter((t) => t.model.contextWindow === null || t.model.contextWindow > failed.contextWindow!);
}
