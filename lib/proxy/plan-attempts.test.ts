import { describe, expect, it } from "vitest";
import type { RouteDecision } from "../routing/route-types";
import type { CatalogModel, OrgCatalog } from "./model-catalog";
import { largerContextOnly, planAttempts } from "./plan-attempts";

const model = (alias: string, deployments: string[], contextWindow: number | null = null): CatalogModel => ({
  alias, tier: "economy", contextWindow, isLocal: false, prices: [],
  deployments: deployments.map((id) => ({ id, upstreamModel: alias, baseUrl: "http://x", credential: null, providerName: "p" })),
});
const catalog: OrgCatalog = new Map([
  ["a", model("a", ["a1", "a2"], 8_000)],
  ["b", model("b", ["b1"], 128_000)],
  ["c", model("c", ["c1"], null)],
]);
const decision = (candidates: string[], skipped: RouteDecision["skipped"] = []): RouteDecision => ({
  mode: "enforce", policyId: "p", policyName: "p", ruleId: "r", action: "fallback", candidates, skipped,
  sticky: null, cache: null, failover: null, cascade: null, localFirst: null,
});
const ids = (plan: ReturnType<typeof planAttempts>) => plan.map((t) => t.deployment.id);

describe("planAttempts", () => {
  it("tries each candidate's deployments in priority order, in the decision's order", () => {
    expect(ids(planAttempts(decision(["a", "b"]), catalog, new Set()))).toEqual(["a1", "a2", "b1"]);
  });

  it("puts cooled-down deployments and models last, never drops them", () => {
    expect(ids(planAttempts(decision(["a", "b"]), catalog, new Set(["a1"])))).toEqual(["a2", "b1", "a1"]);
    expect(ids(planAttempts(decision(["b"], [{ model: "a", reason: "cooled-down" }]), catalog, new Set(["a1", "a2"])))).toEqual(["b1", "a1", "a2"]);
  });

  it("never tries what was skipped for another reason, nor models no longer in the catalog", () => {
    expect(ids(planAttempts(decision(["gone", "b"], [{ model: "a", reason: "context-too-small" }]), catalog, new Set()))).toEqual(["b1"]);
  });

  it("stops at the rule's attempt limit", () => {
    expect(ids(planAttempts(decision(["a", "b", "c"]), catalog, new Set(), 2))).toEqual(["a1", "a2"]);
  });
});

describe("largerContextOnly", () => {
  it("keeps targets with a larger or unknown window", () => {
    const rest = planAttempts(decision(["a", "b", "c"]), catalog, new Set()).slice(1);
    expect(ids(largerContextOnly(rest, catalog.get("a")!))).toEqual(["b1", "c1"]);
    expect(largerContextOnly(rest, catalog.get("c")!)).toEqual([]);
  });
});
