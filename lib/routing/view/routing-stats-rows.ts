// The Routing page's statistics as table rows: each policy and rule named in
// words (a deleted policy says so; requests no rule matched have their own
// row), shares as fractions of what they are a share of (null, shown as a
// dash, when there is nothing to divide), money as the exact decimal strings
// the read model returns.
import { formatNumber } from "../../format/format-number";
import type { RoutingStats } from "../read-routing-stats";
import { ACTION_TEXT } from "./describe-decision";

type Row = Record<string, string | number | null>;

/** part / whole, or null when whole is 0 (never a percentage of nothing). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function policyLabel(r: { policyId: string | null; policyName: string | null }): string {
  if (r.policyId === null) return "No rule matched";
  return r.policyName ?? `Deleted policy (${r.policyId})`;
}

const actionText = (a: string) => (ACTION_TEXT as Record<string, string>)[a] ?? a;
const policyHref = (policyId: string | null, names: ReadonlySet<string>) => (policyId && names.has(policyId) ? `/routing/${policyId}` : null);

/** Rows per rule; `existing` holds the ids of policies that still exist (their names link to them). */
export function ruleRows(s: RoutingStats, existing: ReadonlySet<string>): Row[] {
  return s.byRule.map((r) => ({
    policy: policyLabel(r), href: policyHref(r.policyId, existing), rule: r.ruleId ?? "–", action: actionText(r.action),
    requests: r.requests, attempts: r.attempts, fellBack: share(r.fellBack, r.requests), costUsd: r.costUsd,
    cacheHitRate: share(r.cacheHits, r.cacheHits + r.cacheMisses), savedUsd: r.savedUsd,
  }));
}

export function targetRows(s: RoutingStats, existing: ReadonlySet<string>): Row[] {
  const servedByRule = new Map<string, number>();
  const key = (r: { policyId: string | null; ruleId: string | null }) => `${r.policyId}\u0000${r.ruleId}`;
  for (const t of s.byTarget) servedByRule.set(key(t), (servedByRule.get(key(t)) ?? 0) + t.served);
  return s.byTarget.map((t) => ({
    policy: policyLabel(t), href: policyHref(t.policyId, existing), rule: t.ruleId ?? "–", model: t.model,
    attempts: t.attempts, served: t.served, share: share(t.served, servedByRule.get(key(t)) ?? 0), costUsd: t.costUsd,
  }));
}

export function localFirstRows(s: RoutingStats, existing: ReadonlySet<string>): Row[] {
  return s.localFirst.map((l) => ({
    policy: policyLabel(l), href: policyHref(l.policyId, existing), rule: l.ruleId ?? "–", localModel: l.localModel,
    servedLocal: l.servedLocal, servedBurst: l.servedBurst, localShare: share(l.servedLocal, l.servedLocal + l.servedBurst), burstCostUsd: l.burstCostUsd,
    burstTo: l.burstModels.join(", ") || "–",
    atCapacity: l.reasons.atCapacity, ttftOverObjective: l.reasons.ttftOverObjective, holding: l.reasons.holding, localFailed: l.reasons.localFailed,
  }));
}

export function cascadeRows(s: RoutingStats, existing: ReadonlySet<string>): Row[] {
  return s.cascade.map((c) => ({
    policy: policyLabel(c), href: policyHref(c.policyId, existing), rule: c.ruleId ?? "–", strongest: c.strongestModel,
    requests: c.requests, escalated: share(c.escalated, c.requests), costUsd: c.costUsd, costIfStrongestUsd: c.costIfStrongestUsd, savedUsd: c.savedUsd, unpriced: c.unpriced,
  }));
}

export function shadowRows(s: RoutingStats, existing: ReadonlySet<string>): Row[] {
  return s.shadow.map((r) => ({
    policy: policyLabel(r), href: policyHref(r.policyId, existing), rule: r.ruleId ?? "–", action: actionText(r.action), model: r.model ?? "nothing could serve",
    requests: r.requests, differs: r.differs, differsShare: share(r.differs, r.requests),
  }));
}

/** A share as the tables show it ("12.5%"), or a dash when there is nothing to divide. */
export function formatShare(value: number | null): string {
  return value === null ? "–" : `${formatNumber(value * 100, { fractionDigits: 1 })}%`;
}
