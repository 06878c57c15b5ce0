// A small catalog, requests and policies for the routing unit tests.
import { compilePolicies, type StoredRoutingPolicy } from "../../lib/routing/compile-policies";
import { policyInputSchema, type RoutingRule } from "../../lib/routing/policy-schema";
import { routingCatalog, type RoutingModel } from "../../lib/routing/routing-catalog";
import type { RouteRequest } from "../../lib/routing/route-types";

const model = (alias: string, contextWindow: number | null, extra: Partial<RoutingModel> = {}): RoutingModel => ({
  alias, contextWindow, isLocal: false, priced: true, deploymentIds: [`dep-${alias}`], ...extra,
});

export const catalog = routingCatalog([
  model("gpt-5-nano", 16_000),
  model("gpt-5-mini", 128_000),
  model("claude-haiku-4.5", 200_000),
  model("mistral-7b", 32_000),
  model("big-unknown", null),
  model("qwen-0.6b", 32_000, { isLocal: true, deploymentIds: ["dep-qwen-a", "dep-qwen-b"] }),
  model("gemma-2b", 8_192, { isLocal: true }),
  model("unpriced", 128_000, { priced: false }),
  model("no-deploy", 128_000, { deploymentIds: [] }),
]);

export function request(overrides: Partial<RouteRequest> = {}): RouteRequest {
  return {
    requestId: "req-1", projectId: "proj-a", apiKeyId: "key-a", tags: [], model: "gpt-5-mini", endpoint: "chat.completions",
    estimatedInputTokens: 100, requestedOutputTokens: null, needs: { tools: false, images: false, jsonMode: false },
    stream: false, user: null, sessionId: null, complexity: "simple", ...overrides,
  };
}

let seq = 0;
/** A stored policy: the rules go through the API's schema first, as saved ones do. */
export function policy(rules: unknown[], overrides: Partial<StoredRoutingPolicy> = {}): StoredRoutingPolicy {
  const parsed = policyInputSchema.parse({ name: "p", rules });
  seq++;
  return { id: `pol-${seq}`, name: `policy ${seq}`, projectId: null, priority: 0, enabled: true, mode: "enforce", rules: parsed.rules, createdAt: new Date(seq * 1000), ...overrides };
}

export function compile(...policies: StoredRoutingPolicy[]) {
  return compilePolicies(policies, catalog);
}

export type RuleInput = Omit<RoutingRule, "match"> & { match?: RoutingRule["match"] };
