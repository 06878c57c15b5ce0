// Drops the targets that cannot serve this request before anything is tried,
// keeping the order of the rest: a model no longer in the catalog, without
// an enabled deployment, cooled down after failures, or whose context window
// cannot hold the input plus the requested output. The last one matters:
// a gateway that tries a smaller-context fallback after a context error
// fails twice and pays for it (LiteLLM #31557).
import { neededContext } from "./match-rule";
import type { RoutingCatalog, RoutingModel } from "./routing-catalog";
import type { RouteRequest, RouteState, SkipReason, SkippedTarget } from "./route-types";

export function filterCandidates(targets: readonly string[], catalog: RoutingCatalog, request: RouteRequest, state: RouteState): { candidates: string[]; skipped: SkippedTarget[] } {
  const candidates: string[] = [];
  const skipped: SkippedTarget[] = [];
  for (const alias of targets) {
    const reason = whyUnfit(catalog.get(alias), alias, request, state);
    if (reason) skipped.push({ model: alias, reason });
    else candidates.push(alias);
  }
  return { candidates, skipped };
}

/** The cheap bound settles most requests without tokenizing the prompt. */
function surelyFits(request: RouteRequest, contextWindow: number): boolean {
  return request.inputTokensUpperBound !== undefined && request.inputTokensUpperBound + (request.requestedOutputTokens ?? 0) <= contextWindow;
}

function whyUnfit(model: RoutingModel | undefined, alias: string, request: RouteRequest, state: RouteState): SkipReason | null {
  if (!model) return "unknown-model";
  if (model.deploymentIds.length === 0) return "no-deployment";
  const cooled = state.cooledDown;
  if (cooled && (cooled.has(alias) || model.deploymentIds.every((id) => cooled.has(id)))) return "cooled-down";
  if (model.contextWindow !== null && !surelyFits(request, model.contextWindow) && neededContext(request) > model.contextWindow) return "context-too-small";
  if (request.needs.tools && model.supportsTools === false) return "no-tools";
  if (request.needs.images && model.supportsImages === false) return "no-images";
  return null;
}
