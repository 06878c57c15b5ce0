import { describe, expect, it } from "vitest";
import { catalog, compile, policy } from "../../tests/support/routing-fixtures";
import { compilePolicies, rulesForProject } from "./compile-policies";

const route = (id: string, model = "gpt-5-mini") => ({ id, action: { kind: "route", model } });
const order = (compiled: ReturnType<typeof compile>, projectId: string) => rulesForProject(compiled, projectId).map((r) => r.ruleId);

describe("compilePolicies", () => {
  it("puts the project's policies before the org's, each by priority (lower first), then age, then id", () => {
    const compiled = compile(
      policy([route("org-late")], { priority: 10 }),
      policy([route("org-early-1"), route("org-early-2")], { priority: -5 }),
      policy([route("proj-a-low")], { projectId: "proj-a", priority: 100 }),
      policy([route("proj-a-high")], { projectId: "proj-a", priority: 1 }),
      policy([route("proj-b")], { projectId: "proj-b" }),
      policy([route("tie-b")], { id: "b", priority: 50, createdAt: new Date(0) }),
      policy([route("tie-a")], { id: "a", priority: 50, createdAt: new Date(0) }),
    );
    expect(order(compiled, "proj-a")).toEqual(["proj-a-high", "proj-a-low", "org-early-1", "org-early-2", "org-late", "tie-a", "tie-b"]);
    expect(order(compiled, "proj-b")).toEqual(["proj-b", "org-early-1", "org-early-2", "org-late", "tie-a", "tie-b"]);
    expect(order(compiled, "proj-without-policies")).toEqual(["org-early-1", "org-early-2", "org-late", "tie-a", "tie-b"]);
  });

  it("leaves disabled policies out and keeps shadow ones, marked", () => {
    const compiled = compile(policy([route("off")], { enabled: false }), policy([route("shadow")], { mode: "shadow" }), policy([route("on")], { priority: 1 }));
    expect(rulesForProject(compiled, "p").map((r) => [r.ruleId, r.mode])).toEqual([["shadow", "shadow"], ["on", "enforce"]]);
  });

  it("leaves out, and reports, a stored policy whose rules no longer parse", () => {
    const good = policy([route("good")]);
    const compiled = compilePolicies(
      [good, { ...good, id: "broken", rules: [{ id: "x", action: { kind: "route" } }] }, { ...good, id: "not-a-list", rules: { id: "x" } }],
      catalog,
    );
    expect(order(compiled, "p")).toEqual(["good"]);
    expect(compiled.problems.map((p) => p.policyId)).toEqual(["broken", "not-a-list"]);
    expect(compiled.problems[0]!.message).toMatch(/^rules\[0\]: .*left out/);
  });

  it("knows whether any rule matches on complexity", () => {
    expect(compile(policy([route("r")])).usesComplexity).toBe(false);
    expect(compile(policy([{ ...route("r"), match: { complexity: ["simple"] } }])).usesComplexity).toBe(true);
  });
});
