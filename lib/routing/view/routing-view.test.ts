import { describe, expect, it } from "vitest";
import { classifyComplexity } from "../classify-complexity";
import { describeRouteRequest } from "../describe-route-request";
import { routeTestSchema } from "../route-test-schema";
import { candidateRoles, decidedBy, skipReasonText } from "./describe-decision";
import { matchSummary } from "./match-summary";
import { mayEditPolicy } from "./may-edit-policy";
import { emptyRule } from "./policy-fields";
import { formatShare, localFirstRows, ruleRows, shadowRows, targetRows, cascadeRows } from "./routing-stats-rows";
import { parseRulesJson, rulesJson } from "./rules-json";
import { DEFAULT_TEST_REQUEST, describedBody, parsePastedBody, testRequestBody, type TestRequestFields } from "./test-request-fields";

const fields = (over: Partial<TestRequestFields> = {}): TestRequestFields => ({ ...DEFAULT_TEST_REQUEST, model: "gpt-5-mini", projectId: "p1", ...over });
const described = (f: TestRequestFields) => describeRouteRequest(describedBody(f), { requestId: "r", projectId: "p1", apiKeyId: "", tags: [], endpoint: f.endpoint });

describe("test request fields", () => {
  it("build a body that routing reads exactly as the form describes it, for chat and Responses", () => {
    for (const endpoint of ["chat.completions", "responses"] as const) {
      const plain = described(fields({ endpoint }));
      expect(plain).toMatchObject({ model: "gpt-5-mini", needs: { tools: false, images: false, jsonMode: false }, stream: false, requestedOutputTokens: null, user: null });
      const all = described(fields({ endpoint, tools: true, images: true, jsonMode: true, stream: true, maxOutputTokens: "512", user: "u-7" }));
      expect(all, endpoint).toMatchObject({ needs: { tools: true, images: true, jsonMode: true }, stream: true, requestedOutputTokens: 512, user: "u-7" });
    }
    expect(described(fields({ endpoint: "embeddings", stream: true }))).toMatchObject({ stream: false, needs: { tools: false } });
  });

  it("send the form as the test API's body, which its schema accepts; an empty size counts the body's own", () => {
    const body = routeTestSchema.parse(testRequestBody(fields({ tags: "team:search, batch", estimatedInputTokens: "12000", apiKeyId: "k1", sessionId: " s-1 " })));
    expect(body).toMatchObject({ projectId: "p1", apiKeyId: "k1", tags: ["team:search", "batch"], estimatedInputTokens: 12000, sessionId: "s-1", endpoint: "chat.completions" });
    expect(routeTestSchema.parse(testRequestBody(fields())).estimatedInputTokens).toBeUndefined();
    expect(classifyComplexity(testRequestBody(fields()).body).band).toBe("simple");
  });

  it("send a pasted body as is, and say why pasted text is not a body", () => {
    const pasted = '{"model":"auto","messages":[{"role":"user","content":"hi"}]}';
    expect(testRequestBody(fields({ usePastedBody: true, pastedBody: pasted })).body).toEqual(JSON.parse(pasted));
    expect(parsePastedBody("[1]")).toMatchObject({ ok: false, message: expect.stringContaining("JSON object") });
    expect(parsePastedBody("{")).toMatchObject({ ok: false, message: expect.stringContaining("not valid JSON") });
  });
});

describe("a decision in words", () => {
  it("names the rule and policy, or says no rule matched", () => {
    expect(decidedBy({ policyId: "p", policyName: "Search", ruleId: "chain", action: "fallback" })).toBe('Rule "chain" of policy "Search" (fallback chain)');
    expect(decidedBy({ policyId: "p9", policyName: null, ruleId: "x", action: "route" })).toBe('Rule "x" of policy p9 (deleted) (route)');
    expect(decidedBy({ policyId: null, policyName: null, ruleId: null, action: "default" })).toMatch(/^No rule matched/);
  });

  it("says what each candidate is tried for", () => {
    const none = { cascade: null, localFirst: null };
    expect(candidateRoles({ action: "fallback", candidates: ["a", "b"], ...none }).map((c) => c.role)).toEqual(["serves", "fallback, if the one before fails"]);
    expect(candidateRoles({ action: "cascade", candidates: ["a", "b"], cascade: { escalateOn: ["empty"] }, localFirst: null })[1]!.role).toMatch(/^escalation/);
    const lf = { local: "qwen", cloud: "mini", maxConcurrent: 4, ttftObjectiveMs: null, resumeBelowPercent: null, bursting: false };
    expect(candidateRoles({ action: "local-first", candidates: ["qwen", "mini"], cascade: null, localFirst: lf }).map((c) => c.role)).toEqual(["serves (local)", "cloud, if the local model fails"]);
    expect(candidateRoles({ action: "local-first", candidates: ["mini"], cascade: null, localFirst: { ...lf, bursting: true } })[0]!.role).toBe("serves (burst to the cloud)");
  });

  it("explains skip reasons, and passes an unknown one through", () => {
    expect(skipReasonText("context-too-small")).toMatch(/context window/);
    expect(skipReasonText("new-reason")).toBe("new-reason");
  });
});

describe("statistics rows", () => {
  const base = { policyName: "Main", action: "fallback", attempts: 0, fellBack: 0, fallbackAttempts: 0, escalationAttempts: 0, costUsd: "0", unpricedAttempts: 0, cacheHits: 0, cacheMisses: 0, savedUsd: "0" };
  const stats = {
    from: "2026-11-01", to: "2026-11-30", timezone: "UTC",
    totals: { requests: 0, attempts: 0, fellBack: 0, costUsd: "0", cacheHits: 0, cacheMisses: 0, savedUsd: "0", servedLocal: 0, servedBurst: 0, burstCostUsd: "0" },
    byRule: [
      { ...base, policyId: "p1", ruleId: "chain", requests: 8, fellBack: 2, cacheHits: 1, cacheMisses: 3, costUsd: "0.012000001" },
      { ...base, policyId: "gone", policyName: null, ruleId: "old", requests: 0 },
      { ...base, policyId: null, policyName: null, ruleId: null, action: "default", requests: 5 },
    ],
    byTarget: [
      { policyId: "p1", policyName: "Main", ruleId: "chain", model: "a", attempts: 8, served: 6, costUsd: "0.01" },
      { policyId: "p1", policyName: "Main", ruleId: "chain", model: "b", attempts: 2, served: 2, costUsd: "0.002000001" },
    ],
    localFirst: [{ policyId: "p1", policyName: "Main", ruleId: "local", localModel: "qwen", servedLocal: 0, servedBurst: 0, burstAttempts: 0, burstCostUsd: "0", burstModels: [], reasons: { atCapacity: 0, ttftOverObjective: 0, holding: 0, localFailed: 0 } }],
    shadow: [{ policyId: "s1", policyName: "Proposal", ruleId: "cheap", action: "route", model: null, requests: 4, differs: 1 }],
    cascade: [{ policyId: "p1", policyName: "Main", ruleId: "json", strongestModel: "gpt-5", requests: 10, escalated: 2, costUsd: "0.01", costIfStrongestUsd: "0.05", savedUsd: "0.04", unpriced: 0 }],
  };
  const existing = new Set(["p1", "s1"]);

  it("name each policy (a deleted one says so, unmatched requests have their own row) and link the ones that exist", () => {
    const rows = ruleRows(stats, existing);
    expect(rows.map((r) => [r.policy, r.href, r.rule, r.action])).toEqual([
      ["Main", "/routing/p1", "chain", "fallback chain"],
      ["Deleted policy (gone)", null, "old", "fallback chain"],
      ["No rule matched", null, "–", "no rule matched"],
    ]);
    expect(rows[0]).toMatchObject({ fellBack: 0.25, cacheHitRate: 0.25, costUsd: "0.012000001" });
    expect(rows[1]).toMatchObject({ fellBack: null, cacheHitRate: null });
  });

  it("give each target its share of the rule's answers, local first its local share (none of nothing), shadow what it would change", () => {
    expect(targetRows(stats, existing).map((r) => r.share)).toEqual([0.75, 0.25]);
    expect(localFirstRows(stats, existing)[0]).toMatchObject({ localShare: null, burstTo: "–" });
    expect(shadowRows(stats, existing)[0]).toMatchObject({ policy: "Proposal", model: "nothing could serve", differsShare: 0.25, href: "/routing/s1" });
    expect(cascadeRows(stats, existing)[0]).toMatchObject({ policy: "Main", strongest: "gpt-5", escalated: 0.2, savedUsd: "0.04" });
    expect([formatShare(null), formatShare(0.125), formatShare(1)]).toEqual(["–", "12.5%", "100.0%"]);
  });
});

describe("editor helpers", () => {
  it("may edit: owners and admins everything, engineers their projects' policies, others nothing", () => {
    expect([mayEditPolicy("owner", null), mayEditPolicy("admin", "p"), mayEditPolicy("engineer", "p"), mayEditPolicy("engineer", null), mayEditPolicy("finance", "p"), mayEditPolicy("viewer", null)])
      .toEqual([true, true, true, false, false, false]);
  });

  it("sum a rule's match up in a line", () => {
    const m = emptyRule(0).match;
    expect(matchSummary(m)).toBe("every request");
    Object.assign(m, { models: "auto", tags: "team:search batch", projectIds: ["p1"], minInputTokens: "1000", maxInputTokens: "", tools: "no", jsonMode: "yes", complexity: "simple" });
    expect(matchSummary(m, { projects: new Map([["p1", "Search"]]) })).toBe("model auto · tags team:search, batch · project Search · ≥ 1,000 input tokens · no tools · needs JSON mode · complexity simple");
  });

  it("turn the form's rules into JSON and back, and name what the schema refuses by its place", () => {
    const rule = emptyRule(0, "route");
    rule.action.model = "gpt-5-mini";
    const text = rulesJson([rule]);
    expect(parseRulesJson(text)).toEqual({ ok: true, rules: [{ id: "rule-1", match: {}, action: { kind: "route", model: "gpt-5-mini" } }] });
    const bad = parseRulesJson(JSON.stringify([{ id: "ab", action: { kind: "split", targets: [{ model: "a", percent: 60 }, { model: "b", percent: 30 }] } }]));
    expect(bad).toMatchObject({ ok: false, issues: [{ path: "0.action.targets", message: expect.stringContaining("sum to 100") }] });
    expect(parseRulesJson("[")).toMatchObject({ ok: false, issues: [{ path: "", message: expect.stringContaining("not valid JSON") }] });
  });
});
