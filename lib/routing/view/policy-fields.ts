// The policy editor's fields (what its inputs hold: text, checkbox lists,
// model lists as objects for react-hook-form's field arrays) and the one
// place they become the API's body, and back. Every action kind keeps its
// own fields while another kind is chosen, so switching kind and back loses
// nothing; only the chosen kind's fields are sent. An empty optional input
// is left out (the API's default applies); anything else is sent as typed
// and the API's schema names what is wrong with it.
import type { StoredRoutingPolicy } from "../compile-policies";
import { ESCALATION_TRIGGERS, type RouteAction, type RoutingRule } from "../policy-schema";

export const ACTION_KINDS = ["route", "split", "fallback", "cascade", "local-first"] as const satisfies readonly RouteAction["kind"][];
export type ActionKind = (typeof ACTION_KINDS)[number];

export const ACTION_LABELS: Record<ActionKind, string> = {
  route: "Route to one model",
  split: "Split by percent",
  fallback: "Fallback chain",
  cascade: "Cascade (escalate on a failed answer)",
  "local-first": "Local first, burst to the cloud",
};

/** A needs condition: "" any request, "yes" only those that need it, "no" only those that do not. */
export type Tri = "" | "yes" | "no";

export interface RuleFields {
  id: string;
  description: string;
  match: {
    projectIds: string[];
    apiKeyIds: string[];
    /** Comma- or space-separated. */
    tags: string;
    models: string;
    endpoints: string[];
    minInputTokens: string;
    maxInputTokens: string;
    tools: Tri;
    images: Tri;
    jsonMode: Tri;
    minContextTokens: string;
    complexity: string[];
  };
  action: {
    kind: ActionKind;
    model: string;
    targets: { model: string; percent: string }[];
    stickyBy: "user" | "session-header" | "none";
    models: { model: string }[];
    escalateOn: string[];
    /** A JSON list of benchmark-suite checks (promptfoo assertions), each escalating when the answer fails it. */
    customChecks: string;
    localModel: string;
    maxConcurrent: string;
    ttftObjectiveMs: string;
    cloud: string;
    resumeBelowPercent: string;
  };
  cache: { enabled: boolean; ttlSec: string; shareAcrossProjects: boolean };
  failover: { ttftTimeoutMs: string; maxAttempts: string };
}

export interface PolicyFields {
  name: string;
  /** "" for the whole org. */
  projectId: string;
  priority: string;
  mode: "enforce" | "shadow";
  enabled: boolean;
  rules: RuleFields[];
}

/** A policy as the API returns it: as stored, with its rules parsed. */
export type StoredPolicy = Omit<StoredRoutingPolicy, "rules" | "createdAt"> & { rules: RoutingRule[] };

export function emptyRule(index: number, kind: ActionKind = "fallback"): RuleFields {
  return {
    id: `rule-${index + 1}`,
    description: "",
    match: { projectIds: [], apiKeyIds: [], tags: "", models: "", endpoints: [], minInputTokens: "", maxInputTokens: "", tools: "", images: "", jsonMode: "", minContextTokens: "", complexity: [] },
    action: {
      kind, model: "", targets: [{ model: "", percent: "50" }, { model: "", percent: "50" }], stickyBy: "user", models: [{ model: "" }, { model: "" }],
      escalateOn: ["invalid-json", "empty"], customChecks: "", localModel: "", maxConcurrent: "4", ttftObjectiveMs: "", cloud: "", resumeBelowPercent: "",
    },
    cache: { enabled: false, ttlSec: "3600", shareAcrossProjects: false },
    failover: { ttftTimeoutMs: "", maxAttempts: "" },
  };
}

export function emptyPolicy(projectId: string): PolicyFields {
  return { name: "", projectId, priority: "0", mode: "enforce", enabled: true, rules: [emptyRule(0)] };
}

const text = (n: number | undefined) => (n === undefined ? "" : String(n));
const tri = (b: boolean | undefined): Tri => (b === undefined ? "" : b ? "yes" : "no");

export function ruleFieldsFrom(rule: RoutingRule): RuleFields {
  const base = emptyRule(0, rule.action.kind);
  const m = rule.match;
  const a = rule.action;
  const fields: RuleFields = {
    ...base,
    id: rule.id,
    description: rule.description ?? "",
    match: {
      projectIds: m.projectIds ?? [], apiKeyIds: m.apiKeyIds ?? [], tags: (m.tags ?? []).join(", "), models: (m.models ?? []).join(", "), endpoints: m.endpoints ?? [],
      minInputTokens: text(m.minInputTokens), maxInputTokens: text(m.maxInputTokens),
      tools: tri(m.needs?.tools), images: tri(m.needs?.images), jsonMode: tri(m.needs?.jsonMode), minContextTokens: text(m.needs?.minContextTokens), complexity: m.complexity ?? [],
    },
    cache: a.cache ? { enabled: true, ttlSec: String(a.cache.ttlSec), shareAcrossProjects: a.cache.shareAcrossProjects } : base.cache,
    failover: { ttftTimeoutMs: text(rule.failover?.ttftTimeoutMs), maxAttempts: text(rule.failover?.maxAttempts) },
  };
  const act = fields.action;
  if (a.kind === "route") act.model = a.model;
  if (a.kind === "split") {
    act.targets = a.targets.map((t) => ({ model: t.model, percent: String(t.percent) }));
    act.stickyBy = a.stickyBy;
  }
  if (a.kind === "fallback" || a.kind === "cascade") act.models = a.models.map((model) => ({ model }));
  if (a.kind === "cascade") {
    act.escalateOn = a.escalateOn.filter((e): e is (typeof ESCALATION_TRIGGERS)[number] => typeof e === "string");
    const custom = a.escalateOn.filter((e) => typeof e !== "string").map((e) => e.check);
    act.customChecks = custom.length ? JSON.stringify(custom, null, 2) : "";
  }
  if (a.kind === "local-first") {
    act.localModel = a.local.model;
    act.maxConcurrent = String(a.local.maxConcurrent);
    act.ttftObjectiveMs = text(a.local.ttftObjectiveMs);
    act.cloud = a.cloud;
    act.resumeBelowPercent = text(a.hysteresis?.resumeBelowPercent);
  }
  return fields;
}

export function policyFieldsFrom(p: StoredPolicy): PolicyFields {
  return { name: p.name, projectId: p.projectId ?? "", priority: String(p.priority), mode: p.mode, enabled: p.enabled, rules: p.rules.map(ruleFieldsFrom) };
}

/** "" -> undefined; otherwise a number (NaN when it is not one, which the schema refuses by name). */
const num = (s: string): number | undefined => (s.trim() === "" ? undefined : Number(s.trim()));
const words = (s: string) => s.split(/[,\s]+/).filter(Boolean);
/** A checkbox group registers one checked box as a string and none as false. */
export const checked = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" && v ? [v] : []);
const listOrOmit = <T>(values: T[]): T[] | undefined => (values.length ? values : undefined);
const triValue = (t: Tri): boolean | undefined => (t === "" ? undefined : t === "yes");
const omitUndefined = <T extends Record<string, unknown>>(o: T): T | undefined => {
  const kept = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(kept).length ? kept : undefined;
};

export type ParsedChecks = { ok: true; checks: unknown[] } | { ok: false; message: string };

/** The custom escalation checks: empty, or a JSON list of check objects (each also accepted on its own). */
export function parseCustomChecks(source: string): ParsedChecks {
  if (source.trim() === "") return { ok: true, checks: [] };
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (e) {
    return { ok: false, message: `not valid JSON (${(e as Error).message})` };
  }
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((c) => c !== null && typeof c === "object" && !Array.isArray(c))) return { ok: false, message: "a JSON list of checks, e.g. [{\"type\": \"contains\", \"value\": \"ok\"}]" };
  return { ok: true, checks: list };
}

function actionBody(a: RuleFields["action"], cacheFields: RuleFields["cache"]): Record<string, unknown> {
  const cache = cacheFields.enabled ? { ttlSec: num(cacheFields.ttlSec), shareAcrossProjects: cacheFields.shareAcrossProjects } : undefined;
  switch (a.kind) {
    case "route":
      return { kind: a.kind, model: a.model, cache };
    case "split":
      return { kind: a.kind, targets: a.targets.map((t) => ({ model: t.model, percent: num(t.percent) })), stickyBy: a.stickyBy, cache };
    case "fallback":
      return { kind: a.kind, models: a.models.map((m) => m.model), cache };
    case "cascade": {
      const custom = parseCustomChecks(a.customChecks);
      return { kind: a.kind, models: a.models.map((m) => m.model), escalateOn: [...checked(a.escalateOn), ...(custom.ok ? custom.checks.map((check) => ({ check })) : [])], cache };
    }
    case "local-first": {
      const resume = num(a.resumeBelowPercent);
      return {
        kind: a.kind, local: omitUndefined({ model: a.localModel, maxConcurrent: num(a.maxConcurrent), ttftObjectiveMs: num(a.ttftObjectiveMs) }), cloud: a.cloud,
        hysteresis: resume === undefined ? undefined : { resumeBelowPercent: resume }, cache,
      };
    }
  }
}

export function ruleBody(r: RuleFields): Record<string, unknown> {
  const m = r.match;
  const match = omitUndefined({
    projectIds: listOrOmit(checked(m.projectIds)), apiKeyIds: listOrOmit(checked(m.apiKeyIds)), tags: listOrOmit(words(m.tags)), models: listOrOmit(words(m.models)),
    endpoints: listOrOmit(checked(m.endpoints)), minInputTokens: num(m.minInputTokens), maxInputTokens: num(m.maxInputTokens),
    needs: omitUndefined({ tools: triValue(m.tools), images: triValue(m.images), jsonMode: triValue(m.jsonMode), minContextTokens: num(m.minContextTokens) }),
    complexity: listOrOmit(checked(m.complexity)),
  });
  return omitUndefined({
    id: r.id.trim(), description: r.description.trim() || undefined, match: match ?? {}, action: actionBody(r.action, r.cache),
    failover: omitUndefined({ ttftTimeoutMs: num(r.failover.ttftTimeoutMs), maxAttempts: num(r.failover.maxAttempts) }),
  })!;
}

/** The body of POST /routing/policies (and of a PATCH with every field). */
export function policyBody(f: PolicyFields): Record<string, unknown> {
  return { name: f.name, projectId: f.projectId || null, priority: num(f.priority), mode: f.mode, enabled: f.enabled, rules: f.rules.map(ruleBody) };
}
