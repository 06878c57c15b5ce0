import { describe, expect, it } from "vitest";
import type { RouteDecision, RouteRequest } from "../routing/route-types";
import { noRouteError } from "./no-route-error";

const request = { model: "gpt-x", estimatedInputTokens: 9_000, requestedOutputTokens: 1_000 } as RouteRequest;
const decision = (action: RouteDecision["action"], skipped: RouteDecision["skipped"]): RouteDecision => ({
  mode: "enforce", policyId: action === "default" ? null : "p", policyName: action === "default" ? null : "Cheap", ruleId: action === "default" ? null : "r1", action,
  candidates: [], skipped, sticky: null, cache: null, failover: null, cascade: null, localFirst: null,
});

describe("noRouteError", () => {
  it("keeps the old answers for the model asked for: 404 when unknown or without a deployment", () => {
    expect(noRouteError(decision("default", [{ model: "gpt-x", reason: "unknown-model" }]), request)).toMatchObject({ status: 404, code: "model_not_found" });
    expect(noRouteError(decision("default", [{ model: "gpt-x", reason: "no-deployment" }]), request)).toMatchObject({ status: 404, code: "model_not_found" });
  });
  it("is the caller's 400 when no target holds the request, saying how much it needs", () => {
    const e = noRouteError(decision("fallback", [{ model: "a", reason: "context-too-small" }, { model: "b", reason: "context-too-small" }]), request);
    expect(e).toMatchObject({ status: 400, code: "context_length_exceeded" });
    expect(e.message).toContain("10000 tokens");
  });
  it("is a 503 naming the rule and every reason when the targets fail for mixed reasons", () => {
    const e = noRouteError(decision("fallback", [{ model: "a", reason: "unknown-model" }, { model: "b", reason: "no-deployment" }]), request);
    expect(e).toMatchObject({ status: 503, code: "no_route_available" });
    expect(e.message).toContain('rule "r1" of policy "Cheap"');
    expect(e.message).toContain("a: unknown-model, b: no-deployment");
  });
});
