// A scenario and a finished result of it, as a routing policy (policy-schema.ts)
// that does on the proxy what the simulation assumed, plus what could not be
// carried over. Pure: the I/O slice (io/apply-scenario-as-policy.ts) passes
// the catalog and the result's resolved targets, then saves the policy
// through the routing API's own createRoutingPolicy.
//
// How each part translates (first match wins in both, so rule order is kept):
// - match: projectIds, apiKeyIds, tags, endpoints are the same conditions.
//   requestedModels -> models (both the model the request asked for).
//   minInputTokens (inclusive) stays; maxInputTokens (exclusive in a scenario,
//   inclusive in routing) becomes max - 1, exact for whole tokens; routing
//   compares the proxy's estimate before sending where the scenario read the
//   ledger's reported count, so requests near an edge may land the other side
//   (a warning says so).
// - tiers: routing has no tier condition. Decided: translated to the catalog
//   models of those tiers as requested models (intersected with
//   requestedModels when both are given). The ledger's tier is the tier of
//   the model that served; it equals the requested model's when nothing
//   re-routed the request (a warning says so), and the list is the catalog's
//   at apply time. No model in those tiers: the rule is left out.
// - the share: 100% -> route to the target. 1-99% -> per requested model m, a
//   split target share% / m rest, sticky per user (routing splits between
//   named models, so "the model asked for" needs one rule per model: the
//   rule's requested models, else every priced catalog model). A requested
//   model that is the target -> route to it (as without the policy), so later
//   rules do not catch what this rule decided. 0% moves nothing: left out.
// - cheapestWhere: the model the result chose, fixed (not re-chosen as
//   benchmarks change); none chosen: left out.
// - localBurst with capacityConcurrent: a 100% rule to the local model becomes
//   local-first { maxConcurrent: capacity } bursting to the cloud model.
//   capacityRps has no routing equivalent (routing counts requests in flight),
//   nor has a split share to the local model: those route without burst, warned.
// - a scenario confined to projects: every rule is confined to them too; one
//   project -> that project's policy, several -> an org-wide policy whose rules
//   name them (which only owners and admins may save). Likewise when every
//   rule carried over names the same single project (a recommendation's
//   scenario: one project's requested model): that project's policy, which
//   its engineers may edit and which, like any project policy, is evaluated
//   before the org-wide ones.
// Left-out rules never change what later rules match, except that traffic the
// left-out rule held back may now reach them: a warning says when that can happen.
import type { z } from "zod";
import type { Tier } from "@/lib/pricing/tier-for-price";
import { MAX_RULES_PER_POLICY, type policyInputSchema } from "@/lib/routing/policy-schema";
import type { Scenario, ScenarioMatch, ScenarioRule } from "./scenario-schema";

export interface PolicyCatalogModel {
  alias: string;
  tier: Tier;
  /** A price is in effect now (routing refuses targets without one). */
  priced: boolean;
}

export interface ScenarioToPolicyInput {
  scenario: Scenario;
  /** Per scenario rule: the model the result moved its traffic to; null: it moved nothing (no cheapestWhere candidate). */
  targets: readonly (string | null)[];
  catalog: readonly PolicyCatalogModel[];
  scope: { orgWide: boolean; projectIds: readonly string[] };
  mode: "enforce" | "shadow";
  priority?: number;
}

export interface PolicyWarning {
  /** Index of the scenario rule; null for the scenario as a whole. */
  rule: number | null;
  kind: "left-out" | "approximation";
  message: string;
}

type PolicyDraft = z.input<typeof policyInputSchema>;
type DraftRule = NonNullable<PolicyDraft["rules"]>[number];
type DraftMatch = NonNullable<DraftRule["match"]>;

export interface ScenarioPolicy {
  policy: PolicyDraft & { rules: DraftRule[] };
  warnings: PolicyWarning[];
}

/** Thrown when the scenario gives no policy at all (every rule left out, or too many rules). */
export class ScenarioPolicyError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "ScenarioPolicyError";
  }
}

export const POLICY_NAME_PREFIX = "What-if: ";
const MAX_NAME = 120;
const MAX_DESCRIPTION = 500;

// Every scenario match field, and how it is carried: adding a field to the
// scenario schema fails to compile here until it is decided.
const MATCH_FIELDS: Record<keyof ScenarioMatch, "same" | "models" | "tiers" | "size"> = {
  projectIds: "same", apiKeyIds: "same", tags: "same", endpoints: "same",
  requestedModels: "models", tiers: "tiers", minInputTokens: "size", maxInputTokens: "size",
};
export const CARRIED_MATCH_FIELDS = Object.keys(MATCH_FIELDS) as (keyof ScenarioMatch)[];

export function scenarioToPolicy(input: ScenarioToPolicyInput): ScenarioPolicy {
  const { scenario, scope } = input;
  if (!scope.orgWide && scope.projectIds.length === 0) throw new ScenarioPolicyError("scope", "the scenario reads no project's traffic, so a policy from it would route nothing");
  const warnings: PolicyWarning[] = [];
  const warn = (rule: number | null, kind: PolicyWarning["kind"], message: string) => warnings.push({ rule, kind, message });
  const rules: DraftRule[] = [];
  const leftOut: number[] = [];
  let lastEmitted = -1;
  scenario.rules.forEach((rule, i) => {
    const emitted = translateRule(input, rule, i, ruleLabel(rule, i), warn);
    if (emitted === null) leftOut.push(i);
    else {
      rules.push(...emitted);
      lastEmitted = i;
    }
  });
  for (const i of leftOut.filter((j) => j < lastEmitted)) {
    warn(i, "approximation", `${ruleLabel(scenario.rules[i]!, i)}: left out, so traffic it matched (and kept where it was) may now match a later rule`);
  }

  if (rules.length === 0) throw new ScenarioPolicyError("rules", "no rule of the scenario can be carried over" + reasons(warnings));
  if (rules.length > MAX_RULES_PER_POLICY) {
    throw new ScenarioPolicyError("rules", `the policy would need ${rules.length} routing rules (at most ${MAX_RULES_PER_POLICY}): list requestedModels on partial-share rules so they split per those models only`);
  }
  if (scenario.rules.some((r) => r.match.minInputTokens !== undefined || r.match.maxInputTokens !== undefined)) {
    warn(null, "approximation", "input size: routing compares the proxy's estimate of input tokens before sending, the scenario the ledger's reported count; requests near a band edge may land on the other side");
  }
  let projectId = !scope.orgWide && scope.projectIds.length === 1 ? scope.projectIds[0]! : null;
  const only = projectId === null ? soleProject(rules) : null;
  if (only !== null) {
    projectId = only;
    for (const r of rules) delete r.match!.projectIds;
  }
  return {
    policy: { name: (POLICY_NAME_PREFIX + scenario.name).slice(0, MAX_NAME), projectId, priority: input.priority ?? 0, enabled: true, mode: input.mode, rules },
    warnings,
  };
}

/** The one project every rule is confined to, if they all name exactly the same single project. */
function soleProject(rules: readonly DraftRule[]): string | null {
  const first = rules[0]?.match?.projectIds;
  if (!first || first.length !== 1) return null;
  return rules.every((r) => r.match?.projectIds?.length === 1 && r.match.projectIds[0] === first[0]) ? first[0]! : null;
}

function reasons(warnings: readonly PolicyWarning[]): string {
  const left = warnings.filter((w) => w.kind === "left-out").map((w) => w.message);
  return left.length ? `: ${left.join("; ")}` : "";
}

function ruleLabel(rule: ScenarioRule, i: number): string {
  return rule.name ? `rule ${i + 1} ("${rule.name}")` : `rule ${i + 1}`;
}

type Warn = (rule: number | null, kind: PolicyWarning["kind"], message: string) => void;

/** The routing rules for one scenario rule, in order; null when it is left out (with a warning). */
function translateRule(input: ScenarioToPolicyInput, rule: ScenarioRule, i: number, label: string, warn: Warn): DraftRule[] | null {
  const leftOut = (why: string) => {
    warn(i, "left-out", `${label}: ${why}`);
    return null;
  };
  const target = input.targets[i] ?? null;
  if (target === null) return leftOut("cheapestWhere found no qualifying model in the result, so it moves nothing");
  if (rule.sharePercent === 0) return leftOut("a 0% share moves nothing");
  if ("cheapestWhere" in rule.target) {
    warn(i, "approximation", `${label}: cheapestWhere chose "${target}" in the result; the policy routes to "${target}" and does not re-choose as measurements change`);
  }

  const match = translateMatch(input, rule.match, i, label, warn);
  if (typeof match === "string") return leftOut(match);
  const id = `rule-${i + 1}`;
  const description = (rule.name ?? `Scenario rule ${i + 1}`).slice(0, MAX_DESCRIPTION);
  const burst = input.scenario.localBurst;
  const burstsHere = burst !== undefined && target === burst.localModel;

  if (rule.sharePercent === 100) {
    if (burstsHere && burst.capacityConcurrent !== undefined) {
      return [{ id, description, match, action: { kind: "local-first", local: { model: target, maxConcurrent: burst.capacityConcurrent }, cloud: burst.cloudModel } }];
    }
    if (burstsHere) warn(i, "approximation", `${label}: routing caps a local model by requests in flight, not per second (capacityRps ${burst.capacityRps}); it routes to "${target}" without bursting to "${burst.cloudModel}"`);
    return [{ id, description, match, action: { kind: "route", model: target } }];
  }

  if (burstsHere) warn(i, "approximation", `${label}: a split share to the local model cannot also burst; ${rule.sharePercent}% routes to "${target}" without bursting to "${burst.cloudModel}"`);
  const originals = match.models ?? pricedCatalog(input);
  const { models: _models, ...rest } = match;
  const emitted: DraftRule[] = [];
  const skipped: string[] = [];
  const known = new Map(input.catalog.map((m) => [m.alias, m]));
  originals.forEach((model) => {
    const sub = `${id}.${emitted.length + 1}`;
    const subMatch = { ...rest, models: [model] };
    if (model === target) emitted.push({ id: sub, description, match: subMatch, action: { kind: "route", model } });
    else if (!known.get(model)?.priced) skipped.push(model);
    else {
      emitted.push({
        id: sub, description, match: subMatch,
        action: { kind: "split", stickyBy: "user", targets: [{ model: target, percent: rule.sharePercent }, { model, percent: 100 - rule.sharePercent }] },
      });
    }
  });
  if (skipped.length) {
    warn(i, emitted.length ? "approximation" : "left-out", `${label}: a split needs the requested model priced in the catalog to keep ${100 - rule.sharePercent}% on it; not split: ${skipped.map((m) => `"${m}"`).join(", ")}`);
  }
  if (!match.models) warn(i, "approximation", `${label}: the rule names no requested model, so it splits per priced catalog model (${originals.length}); requests for other names are not split`);
  return emitted.length ? emitted : null;
}

function pricedCatalog(input: ScenarioToPolicyInput): string[] {
  return input.catalog.filter((m) => m.priced).map((m) => m.alias).sort();
}

/** The routing match, or why the rule cannot be carried. */
function translateMatch(input: ScenarioToPolicyInput, m: ScenarioMatch, i: number, label: string, warn: Warn): DraftMatch | string {
  const out: DraftMatch = {};
  for (const field of CARRIED_MATCH_FIELDS) {
    if (m[field] === undefined) continue;
    switch (MATCH_FIELDS[field]) {
      case "same":
        (out as Record<string, unknown>)[field] = [...(m[field] as readonly string[])];
        break;
      case "models":
      case "tiers":
        break; // both below: they combine
      case "size":
        if (field === "minInputTokens") out.minInputTokens = m.minInputTokens;
        else out.maxInputTokens = m.maxInputTokens! - 1;
        break;
    }
  }
  let models = m.requestedModels ? [...m.requestedModels] : undefined;
  if (m.tiers) {
    const tiers = new Set<string>(m.tiers);
    const inTiers = input.catalog.filter((c) => tiers.has(c.tier)).map((c) => c.alias).sort();
    models = models ? models.filter((x) => inTiers.includes(x)) : inTiers;
    if (models.length === 0) return `tiers: no ${m.requestedModels ? "requested model" : "catalog model"} is in tier ${m.tiers.join(" or ")}, and routing matches requested models, not tiers`;
    warn(i, "approximation", `${label}: tiers ${m.tiers.join(", ")} became the requested models ${models.map((x) => `"${x}"`).join(", ")} (the catalog now; the ledger's tier is the serving model's, the same when nothing else re-routes)`);
  }
  if (models) out.models = models;
  if (!input.scope.orgWide) {
    const scope = new Set(input.scope.projectIds);
    const projects = m.projectIds ? m.projectIds.filter((p) => scope.has(p)) : [...input.scope.projectIds];
    if (projects.length === 0) return "projectIds: it names only projects outside the scenario's scope";
    // A one-project scope becomes the policy's project: the condition would only repeat it.
    if (input.scope.projectIds.length === 1) delete out.projectIds;
    else out.projectIds = projects;
  }
  return out;
}
