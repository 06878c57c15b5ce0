// An org's routing policies compiled once per catalog (and rebuilt when
// either changes), so deciding a request is a walk over a short list of
// prepared rules with set lookups, nothing parsed or sorted per request.
//
// Order (the order rules are tried in): the request's project's policies
// first, then the org's; within each, lower priority first, then the older
// policy, then by id (a total order: two proxies never disagree); within a
// policy, its rules in their listed order. A project can thus override an
// org default without renumbering the org's policies. Disabled policies are
// left out; shadow policies are kept in the same order, marked shadow.
//
// Stored rules are parsed again here: a row that no longer parses (written
// by an older version, edited by hand) is left out and reported in
// `problems`, never half-applied.
import { ruleSchema, type RouteAction, type RoutingRule, type RuleMatch } from "./policy-schema";
import type { RoutingCatalog } from "./routing-catalog";

export interface StoredRoutingPolicy {
  id: string;
  name: string;
  projectId: string | null;
  priority: number;
  enabled: boolean;
  mode: "enforce" | "shadow";
  rules: unknown;
  createdAt?: Date;
}

export interface CompiledMatch {
  projectIds: ReadonlySet<string> | null;
  apiKeyIds: ReadonlySet<string> | null;
  tags: readonly string[] | null;
  models: ReadonlySet<string> | null;
  endpoints: ReadonlySet<string> | null;
  minInputTokens: number | null;
  maxInputTokens: number | null;
  tools: boolean | null;
  images: boolean | null;
  jsonMode: boolean | null;
  minContextTokens: number | null;
  complexity: ReadonlySet<string> | null;
}

export interface CompiledRule {
  policyId: string;
  policyName: string;
  /** The policy's project; null for an org-wide policy. */
  scopeProjectId: string | null;
  mode: "enforce" | "shadow";
  ruleId: string;
  match: CompiledMatch;
  action: RouteAction;
  failover: RoutingRule["failover"] | null;
}

export interface CompiledRouting {
  catalog: RoutingCatalog;
  orgRules: readonly CompiledRule[];
  /** Per project with policies of its own: its rules, then the org's. */
  projectRules: ReadonlyMap<string, readonly CompiledRule[]>;
  /** Some rule matches on complexity: only then is it worth classifying a request. */
  usesComplexity: boolean;
  problems: { policyId: string; message: string }[];
}

export function compilePolicies(policies: readonly StoredRoutingPolicy[], catalog: RoutingCatalog): CompiledRouting {
  const problems: CompiledRouting["problems"] = [];
  const orgRules: CompiledRule[] = [];
  const projectRules = new Map<string, CompiledRule[]>();
  for (const policy of [...policies].filter((p) => p.enabled).sort(byPriority)) {
    const rules = parseRules(policy, problems);
    if (!rules) continue;
    const target = policy.projectId === null ? orgRules : getOrCreate(projectRules, policy.projectId);
    for (const rule of rules) {
      target.push({ policyId: policy.id, policyName: policy.name, scopeProjectId: policy.projectId, mode: policy.mode, ruleId: rule.id, match: compileMatch(rule.match), action: rule.action, failover: rule.failover ?? null });
    }
  }
  const all = [...orgRules, ...[...projectRules.values()].flat()];
  // Each project's list already ends with the org's rules: nothing is concatenated per request.
  const merged = new Map([...projectRules].map(([projectId, own]) => [projectId, [...own, ...orgRules]]));
  return { catalog, orgRules, projectRules: merged, usesComplexity: all.some((r) => r.match.complexity !== null), problems };
}

/** The rules that apply to a request from this project, in the order they are tried. */
export function rulesForProject(compiled: CompiledRouting, projectId: string): readonly CompiledRule[] {
  return compiled.projectRules.get(projectId) ?? compiled.orgRules;
}

function byPriority(a: StoredRoutingPolicy, b: StoredRoutingPolicy): number {
  return a.priority - b.priority || (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function parseRules(policy: StoredRoutingPolicy, problems: CompiledRouting["problems"]) {
  if (!Array.isArray(policy.rules)) {
    problems.push({ policyId: policy.id, message: "rules is not a list" });
    return null;
  }
  const parsed = [];
  for (const [i, raw] of policy.rules.entries()) {
    const rule = ruleSchema.safeParse(raw);
    if (!rule.success) {
      problems.push({ policyId: policy.id, message: `rules[${i}]: ${rule.error.issues[0]?.message ?? "invalid"}; the policy is left out` });
      return null;
    }
    parsed.push(rule.data);
  }
  return parsed;
}

function compileMatch(m: RuleMatch): CompiledMatch {
  const set = (values: readonly string[] | undefined) => (values ? new Set(values) : null);
  return {
    projectIds: set(m.projectIds),
    apiKeyIds: set(m.apiKeyIds),
    tags: m.tags ?? null,
    models: set(m.models),
    endpoints: set(m.endpoints),
    minInputTokens: m.minInputTokens ?? null,
    maxInputTokens: m.maxInputTokens ?? null,
    tools: m.needs?.tools ?? null,
    images: m.needs?.images ?? null,
    jsonMode: m.needs?.jsonMode ?? null,
    minContextTokens: m.needs?.minContextTokens ?? null,
    complexity: set(m.complexity),
  };
}

function getOrCreate<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
