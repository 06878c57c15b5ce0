// The answer when routing leaves nothing to try, named for the reason the
// caller can act on. Without a matching rule the requested model is the only
// candidate, so the old answers stay: 404 for an unknown model or one without
// a deployment. A request no target can hold is the caller's to shorten (400,
// OpenAI's context_length_exceeded); a need no target meets is a 400 too.
// Pure.
import type { RouteDecision, RouteRequest, SkipReason } from "../routing/route-types";
import { ProxyError } from "./proxy-error";

export function noRouteError(decision: RouteDecision, request: RouteRequest): ProxyError {
  const reasons = new Set<SkipReason>(decision.skipped.map((s) => s.reason));
  const only = (r: SkipReason) => reasons.size === 1 && reasons.has(r);
  if (decision.action === "default") {
    if (only("unknown-model")) return new ProxyError(404, "model_not_found", `The model '${request.model}' does not exist or this key cannot use it`, "model");
    if (only("no-deployment")) return new ProxyError(404, "model_not_found", `The model '${request.model}' has no enabled deployment`, "model");
  }
  if (only("context-too-small")) {
    const needed = request.estimatedInputTokens + (request.requestedOutputTokens ?? 0);
    return new ProxyError(400, "context_length_exceeded", `This request needs about ${needed} tokens of context (the input as counted by Tollgate plus the output asked for); no model it may be routed to (${names(decision)}) holds that many. Shorten the messages or lower max_tokens.`, "messages");
  }
  if (only("no-tools")) return new ProxyError(400, "tools_not_supported", `The request defines tools, and no model it may be routed to (${names(decision)}) supports tools`, "tools");
  if (only("no-images")) return new ProxyError(400, "images_not_supported", `The request contains images, and no model it may be routed to (${names(decision)}) accepts images`, "messages");
  const rule = decision.ruleId ? `rule "${decision.ruleId}" of policy "${decision.policyName}"` : "routing";
  const why = decision.skipped.map((s) => `${s.model}: ${s.reason}`).join(", ");
  return new ProxyError(503, "no_route_available", `No model can serve this request under ${rule} (${why || "no targets"})`, "model");
}

function names(d: RouteDecision): string {
  return d.skipped.map((s) => s.model).join(", ");
}
