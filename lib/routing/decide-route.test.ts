import { describe, expect, it, vi } from "vitest";
import { catalog, compile, policy, request } from "../../tests/support/routing-fixtures";
import { decideRoute, MAX_SHADOW_DECISIONS } from "./decide-route";
import type { RouteRequest } from "./route-types";

const route = (id: string, model: string, match: unknown = {}) => ({ id, match, action: { kind: "route", model } });
const enforced = (compiled: ReturnType<typeof compile>, r: Partial<RouteRequest> = {}, state = {}) => decideRoute(compiled, request(r), state).enforced;

describe("decideRoute: matching", () => {
  it("takes the first rule that matches, in compiled order", () => {
    const compiled = compile(policy([route("tagged", "claude-haiku-4.5", { tags: ["team:search"] }), route("all", "gpt-5-nano")]));
    expect(enforced(compiled, { tags: ["team:search", "x"] })).toMatchObject({ ruleId: "tagged", candidates: ["claude-haiku-4.5"], action: "route" });
    expect(enforced(compiled)).toMatchObject({ ruleId: "all", candidates: ["gpt-5-nano"] });
  });

  it("needs every condition of a rule to hold", () => {
    const match = {
      projectIds: ["proj-a"], apiKeyIds: ["key-a"], tags: ["a", "b"], models: ["auto"], endpoints: ["chat.completions"],
      minInputTokens: 100, maxInputTokens: 200, needs: { tools: true, images: false, jsonMode: true, minContextTokens: 150 }, complexity: ["simple", "moderate"],
    };
    const compiled = compile(policy([route("strict", "gpt-5-nano", match)]));
    const fits: Partial<RouteRequest> = { tags: ["b", "a"], model: "auto", estimatedInputTokens: 100, requestedOutputTokens: 50, needs: { tools: true, images: false, jsonMode: true }, complexity: "moderate" };
    expect(enforced(compiled, fits).ruleId).toBe("strict");
    expect(enforced(compiled, { ...fits, estimatedInputTokens: 200 }).ruleId).toBe("strict"); // bounds are inclusive
    const misses: Partial<RouteRequest>[] = [
      { projectId: "proj-b" }, { apiKeyId: "key-b" }, { tags: ["a"] }, { model: "gpt-5-mini" }, { endpoint: "responses" },
      { estimatedInputTokens: 99 }, { estimatedInputTokens: 201 }, { needs: { tools: false, images: false, jsonMode: true } },
      { needs: { tools: true, images: true, jsonMode: true } }, { needs: { tools: true, images: false, jsonMode: false } },
      { requestedOutputTokens: 49 }, { complexity: "complex" },
    ];
    for (const miss of misses) expect(enforced(compiled, { ...fits, ...miss }).ruleId, JSON.stringify(miss)).toBeNull();
  });

  it("classifies complexity only when a rule gets that far, and once", () => {
    const classify = vi.fn(() => "complex" as const);
    const compiled = compile(policy([route("a", "gpt-5-nano", { tags: ["never"], complexity: ["simple"] }), route("b", "gpt-5-nano", { complexity: ["simple"] }), route("c", "gpt-5-mini", { complexity: ["complex"] })]));
    expect(enforced(compiled, { complexity: classify }).ruleId).toBe("c");
    expect(classify).toHaveBeenCalledTimes(1);
    const noComplexityRules = compile(policy([route("x", "gpt-5-nano")]));
    classify.mockClear();
    enforced(noComplexityRules, { complexity: classify });
    expect(classify).not.toHaveBeenCalled();
  });

  it("serves the requested model when no rule matches, held to the same checks", () => {
    const compiled = compile(policy([route("tagged", "gpt-5-nano", { tags: ["x"] })]));
    expect(enforced(compiled)).toEqual({ mode: "enforce", policyId: null, policyName: null, ruleId: null, action: "default", candidates: ["gpt-5-mini"], skipped: [], sticky: null, cache: null, failover: null, cascade: null, localFirst: null });
    expect(enforced(compiled, { model: "auto" })).toMatchObject({ candidates: [], skipped: [{ model: "auto", reason: "unknown-model" }] });
    expect(enforced(compiled, { model: "gpt-5-nano", estimatedInputTokens: 20_000 })).toMatchObject({ candidates: [], skipped: [{ model: "gpt-5-nano", reason: "context-too-small" }] });
  });

  it("settles input-size conditions with the request's upper bound, counting tokens only when the bound cannot", () => {
    const compiled = compile(policy([
      route("long", "claude-haiku-4.5", { minInputTokens: 1_000 }),
      route("mid", "gpt-5-mini", { minInputTokens: 100, maxInputTokens: 999 }),
      route("huge-context", "claude-haiku-4.5", { needs: { minContextTokens: 5_000 } }),
      route("rest", "gpt-5-nano"),
    ]));
    const counted = (bound: number, tokens: number, extra: Partial<RouteRequest> = {}) => {
      const count = vi.fn(() => tokens);
      const r = request({ inputTokensUpperBound: bound, ...extra });
      Object.defineProperty(r, "estimatedInputTokens", { get: count });
      return { ruleId: decideRoute(compiled, r).enforced.ruleId, count };
    };
    // Bound under every minimum (and within the nano's window): nothing is counted.
    const small = counted(50, 40);
    expect(small.ruleId).toBe("rest");
    expect(small.count).not.toHaveBeenCalled();
    // Bound over "mid"'s minimum but within its maximum: the minimum needs the count, the maximum does not.
    expect(counted(500, 300).ruleId).toBe("mid");
    expect(counted(500, 60).ruleId).toBe("rest");
    // Bound over everything: the count decides each condition, as it would without a bound.
    expect(counted(6_000, 1_200).ruleId).toBe("long");
    expect(counted(6_000, 999).ruleId).toBe("mid");
    expect(counted(6_000, 50, { requestedOutputTokens: 4_950 }).ruleId).toBe("huge-context");
    expect(counted(6_000, 50, { requestedOutputTokens: 4_949 }).ruleId).toBe("rest");
    // The requested output counts towards the context bound too: under it, nothing is counted.
    expect(counted(50, 40, { requestedOutputTokens: 4_960 }).ruleId).toBe("huge-context");
    const under = counted(50, 40, { requestedOutputTokens: 4_940 });
    expect(under.ruleId).toBe("rest");
    expect(under.count).not.toHaveBeenCalled();
  });

  it("applies a project's policy before the org's", () => {
    const compiled = compile(policy([route("org", "gpt-5-nano")]), policy([route("own", "claude-haiku-4.5")], { projectId: "proj-a", priority: 99 }));
    expect(enforced(compiled).ruleId).toBe("own");
    expect(enforced(compiled, { projectId: "proj-b" }).ruleId).toBe("org");
  });
});

describe("decideRoute: targets", () => {
  it("keeps a fallback chain in the order written", () => {
    const compiled = compile(policy([{ id: "chain", action: { kind: "fallback", models: ["mistral-7b", "claude-haiku-4.5", "gpt-5-mini"] } }]));
    expect(enforced(compiled).candidates).toEqual(["mistral-7b", "claude-haiku-4.5", "gpt-5-mini"]);
  });

  it("skips a target whose context window cannot hold input plus requested output, before trying it", () => {
    const compiled = compile(policy([{ id: "chain", action: { kind: "fallback", models: ["gpt-5-nano", "gpt-5-mini", "mistral-7b", "big-unknown"] } }]));
    const d = enforced(compiled, { estimatedInputTokens: 30_000, requestedOutputTokens: 4_000 });
    expect(d.candidates).toEqual(["gpt-5-mini", "big-unknown"]);
    expect(d.skipped).toEqual([{ model: "gpt-5-nano", reason: "context-too-small" }, { model: "mistral-7b", reason: "context-too-small" }]);
    expect(enforced(compiled, { estimatedInputTokens: 16_000 }).candidates[0]).toBe("gpt-5-nano"); // exactly full still fits
  });

  it("skips cooled-down models (by alias, or when every deployment is cooled) and models gone from the catalog", () => {
    const compiled = compile(policy([{ id: "chain", action: { kind: "fallback", models: ["qwen-0.6b", "gpt-5-mini", "claude-haiku-4.5"] } }]));
    expect(enforced(compiled, {}, { cooledDown: new Set(["dep-qwen-a"]) }).candidates).toEqual(["qwen-0.6b", "gpt-5-mini", "claude-haiku-4.5"]);
    const d = enforced(compiled, {}, { cooledDown: new Set(["dep-qwen-a", "dep-qwen-b", "gpt-5-mini"]) });
    expect(d.candidates).toEqual(["claude-haiku-4.5"]);
    expect(d.skipped).toEqual([{ model: "qwen-0.6b", reason: "cooled-down" }, { model: "gpt-5-mini", reason: "cooled-down" }]);
    const stale = compile(policy([{ id: "chain", action: { kind: "fallback", models: ["retired-model", "no-deploy", "gpt-5-mini"] } }]));
    expect(enforced(stale).skipped).toEqual([{ model: "retired-model", reason: "unknown-model" }, { model: "no-deploy", reason: "no-deployment" }]);
  });

  it("skips models known not to take tools or images", () => {
    const cat = new Map(catalog);
    cat.set("text-only", { alias: "text-only", contextWindow: 100_000, isLocal: false, priced: true, deploymentIds: ["d"], supportsTools: false, supportsImages: false });
    const compiled = { ...compile(policy([{ id: "f", action: { kind: "fallback", models: ["text-only", "gpt-5-mini"] } }])), catalog: cat };
    expect(enforced(compiled, { needs: { tools: true, images: false, jsonMode: false } }).skipped).toEqual([{ model: "text-only", reason: "no-tools" }]);
    expect(enforced(compiled, { needs: { tools: false, images: true, jsonMode: false } }).skipped).toEqual([{ model: "text-only", reason: "no-images" }]);
    expect(enforced(compiled).candidates).toEqual(["text-only", "gpt-5-mini"]);
  });

  it("returns the rule's cache settings", () => {
    const compiled = compile(policy([{ id: "c", action: { kind: "route", model: "gpt-5-mini", cache: { ttlSec: 300 } } }]));
    expect(enforced(compiled).cache).toEqual({ ttlSec: 300, shareAcrossProjects: false });
  });

  it("escalates along a cascade for non-streaming requests; a stream falls back along the chain without checks", () => {
    const compiled = compile(policy([{ id: "c", action: { kind: "cascade", models: ["gpt-5-nano", "gpt-5-mini"], escalateOn: ["invalid-json", "length"] } }]));
    expect(enforced(compiled)).toMatchObject({ action: "cascade", candidates: ["gpt-5-nano", "gpt-5-mini"], cascade: { escalateOn: ["invalid-json", "length"] } });
    expect(enforced(compiled, { stream: true })).toMatchObject({ candidates: ["gpt-5-nano", "gpt-5-mini"], cascade: null });
  });
});

describe("decideRoute: splits", () => {
  const split = (stickyBy: string, targets = [{ model: "gpt-5-nano", percent: 70 }, { model: "gpt-5-mini", percent: 20 }, { model: "claude-haiku-4.5", percent: 10 }]) =>
    compile(policy([{ id: "ab", action: { kind: "split", stickyBy, targets } }]));

  it("divides 10,000 users in the split's proportions, within ±2 points", () => {
    const compiled = split("user");
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const first = enforced(compiled, { user: `user-${i}`, requestId: `r${i}` }).candidates[0]!;
      counts[first] = (counts[first] ?? 0) + 1;
    }
    expect(Math.abs(counts["gpt-5-nano"]! / 100 - 70)).toBeLessThanOrEqual(2);
    expect(Math.abs(counts["gpt-5-mini"]! / 100 - 20)).toBeLessThanOrEqual(2);
    expect(Math.abs(counts["claude-haiku-4.5"]! / 100 - 10)).toBeLessThanOrEqual(2);
  });

  it("gives each arm exactly its buckets (the first 70 of 100, the next 20, the last 10)", () => {
    const compiled = split("user");
    for (let i = 0; i < 2_000; i++) {
      const d = enforced(compiled, { user: `user-${i}` });
      const bucket = d.sticky!.bucket;
      expect(d.candidates[0]).toBe(bucket < 70 ? "gpt-5-nano" : bucket < 90 ? "gpt-5-mini" : "claude-haiku-4.5");
    }
  });

  it("keeps a user (or session) on one arm whatever the request, with the other arms as fallbacks", () => {
    const byUser = split("user");
    for (let i = 0; i < 200; i++) {
      const first = enforced(byUser, { user: `user-${i}`, requestId: "a" });
      const again = enforced(byUser, { user: `user-${i}`, requestId: "b", estimatedInputTokens: 500 });
      expect(again.candidates).toEqual(first.candidates);
      expect(first.sticky).toEqual({ bucket: expect.any(Number), by: "user" });
      expect([...first.candidates].sort()).toEqual(["claude-haiku-4.5", "gpt-5-mini", "gpt-5-nano"]);
    }
    const bySession = split("session-header");
    expect(enforced(bySession, { sessionId: "s1", requestId: "a", user: "x" }).sticky).toEqual(enforced(bySession, { sessionId: "s1", requestId: "b", user: "y" }).sticky);
  });

  it("buckets by request when the sticky key is missing or stickiness is off", () => {
    const byUser = split("user");
    expect(enforced(byUser, { user: null }).sticky!.by).toBe("request");
    const none = split("none");
    const firsts = new Set(Array.from({ length: 200 }, (_, i) => enforced(none, { user: "same", requestId: `r${i}` }).candidates[0]));
    expect(firsts.size).toBe(3);
    expect(enforced(none, { requestId: "r7" }).candidates).toEqual(enforced(none, { requestId: "r7" }).candidates);
  });

  it("never sends traffic to a 0% arm, not even as a fallback", () => {
    const compiled = split("user", [{ model: "gpt-5-nano", percent: 0 }, { model: "gpt-5-mini", percent: 100 }]);
    for (let i = 0; i < 500; i++) expect(enforced(compiled, { user: `u${i}` }).candidates).toEqual(["gpt-5-mini"]);
  });

  it("moves a user whose arm cannot hold the prompt to the next arm", () => {
    const two = split("user", [{ model: "gpt-5-nano", percent: 50 }, { model: "gpt-5-mini", percent: 50 }]);
    for (let i = 0; i < 100; i++) expect(enforced(two, { user: `u${i}`, estimatedInputTokens: 50_000 }).candidates).toEqual(["gpt-5-mini"]);
  });
});

describe("decideRoute: local-first", () => {
  const compiled = compile(policy([{ id: "lf", action: { kind: "local-first", local: { model: "qwen-0.6b", maxConcurrent: 4, ttftObjectiveMs: 900 }, cloud: "gpt-5-mini" } }]));

  it("tries local then cloud while local has room", () => {
    expect(enforced(compiled, {}, { localInFlight: { "qwen-0.6b": 3 } })).toMatchObject({
      candidates: ["qwen-0.6b", "gpt-5-mini"], skipped: [], localFirst: { local: "qwen-0.6b", cloud: "gpt-5-mini", maxConcurrent: 4, ttftObjectiveMs: 900, bursting: false },
    });
  });

  it("bursts to the cloud at capacity or while the burst state says so", () => {
    expect(enforced(compiled, {}, { localInFlight: { "qwen-0.6b": 4 } })).toMatchObject({ candidates: ["gpt-5-mini"], skipped: [{ model: "qwen-0.6b", reason: "local-at-capacity" }], localFirst: { bursting: true } });
    expect(enforced(compiled, {}, { localInFlight: { "qwen-0.6b": 1 }, burstActive: { "qwen-0.6b": true } })).toMatchObject({ candidates: ["gpt-5-mini"], skipped: [{ model: "qwen-0.6b", reason: "local-bursting" }] });
  });

  it("reads only the state's own entries (an alias named __proto__ or toString is just a name)", () => {
    const state = JSON.parse('{"localInFlight": {"__proto__": 99}, "burstActive": {"__proto__": true}}') as object;
    expect(enforced(compiled, {}, state).localFirst!.bursting).toBe(false);
    expect(enforced(compiled, {}, { localInFlight: { "qwen-0.6b": Number.NaN } }).localFirst!.bursting).toBe(false);
  });

  it("sends a prompt too long for the local model to the cloud", () => {
    expect(enforced(compiled, { estimatedInputTokens: 40_000 })).toMatchObject({ candidates: ["gpt-5-mini"], skipped: [{ model: "qwen-0.6b", reason: "context-too-small" }], localFirst: { bursting: false } });
  });
});

describe("decideRoute: shadow policies", () => {
  it("records what a shadow policy would do and never changes the enforced decision", () => {
    const live = policy([route("live", "gpt-5-mini")], { priority: 10 });
    const proposal = policy([route("cheap", "gpt-5-nano")], { mode: "shadow", priority: 1, name: "proposal" });
    const withShadow = decideRoute(compile(live, proposal), request());
    expect(withShadow.enforced).toEqual(decideRoute(compile(live), request()).enforced);
    expect(withShadow.shadow).toEqual([expect.objectContaining({ mode: "shadow", policyId: proposal.id, policyName: "proposal", ruleId: "cheap", candidates: ["gpt-5-nano"] })]);
  });

  it("records nothing for a shadow policy behind the enforced winner, and one decision per shadow policy", () => {
    const live = policy([route("live", "gpt-5-mini")], { priority: 10 });
    const behind = policy([route("behind", "gpt-5-nano")], { mode: "shadow", priority: 20 });
    const twoRules = policy([route("s1", "gpt-5-nano"), route("s2", "claude-haiku-4.5")], { mode: "shadow", priority: 1 });
    const d = decideRoute(compile(live, behind, twoRules), request());
    expect(d.shadow.map((s) => s.ruleId)).toEqual(["s1"]);
    expect(d.enforced.ruleId).toBe("live");
  });

  it("records shadow decisions when no enforced rule matches, at most MAX_SHADOW_DECISIONS", () => {
    const shadows = Array.from({ length: MAX_SHADOW_DECISIONS + 2 }, (_, i) => policy([route(`s${i}`, "gpt-5-nano")], { mode: "shadow", priority: i }));
    const d = decideRoute(compile(...shadows), request());
    expect(d.enforced.ruleId).toBeNull();
    expect(d.shadow).toHaveLength(MAX_SHADOW_DECISIONS);
  });
});

describe("decideRoute: never an unknown or too-small model (random policies and requests)", () => {
  it("holds for 5,000 random cases", () => {
    const names = [...catalog.keys(), "ghost-1", "ghost-2"];
    let seed = 12345;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const pick = (k: number) => [...new Set(Array.from({ length: k }, () => names[rand(names.length)]!))];
    for (let i = 0; i < 5_000; i++) {
      const models = pick(2 + rand(4));
      if (models.length < 2) continue;
      const action = rand(2) === 0 ? { kind: "fallback", models } : { kind: "split", stickyBy: "user", targets: models.map((model, j) => ({ model, percent: j === 0 ? 100 - (models.length - 1) * 10 : 10 })) };
      const compiled = compile(policy([{ id: "r", action }]));
      const r = request({ estimatedInputTokens: rand(250_000), requestedOutputTokens: rand(3) === 0 ? null : rand(20_000), user: `u${rand(1000)}`, model: names[rand(names.length)]! });
      const cooledDown = new Set(pick(rand(3)));
      const d = decideRoute(compiled, r, { cooledDown }).enforced;
      for (const alias of d.candidates) {
        const m = catalog.get(alias);
        expect(m, alias).toBeDefined();
        expect(m!.contextWindow === null || m!.contextWindow >= r.estimatedInputTokens + (r.requestedOutputTokens ?? 0)).toBe(true);
        expect(cooledDown.has(alias)).toBe(false);
      }
      expect(new Set(d.candidates).size).toBe(d.candidates.length);
      expect([...d.candidates, ...d.skipped.map((s) => s.model)].sort()).toEqual([...models].sort());
    }
  });
});
