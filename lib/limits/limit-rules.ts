// An org's enabled budgets and rate-limit policies, cached per org for the
// hot path like the model catalog. Edits are broadcast on Redis pub/sub;
// entries also expire, so a lost broadcast is bounded by the TTL.
import type { DbClient } from "../db/create-db-client";
import { decimalToNano } from "../money/nano-usd";
import type { BudgetPeriod } from "../budgets/budget-period";
import type { Tier } from "../pricing/tier-for-price";
import { PerOrgCache } from "../proxy/per-org-cache";

export const LIMITS_EVENTS_CHANNEL = "tollgate:limits:changed";

export interface BudgetRule {
  id: string;
  name: string;
  scope: "org" | "project" | "key" | "tag";
  projectId: string | null;
  apiKeyId: string | null;
  tag: string | null;
  period: BudgetPeriod;
  amountNano: bigint;
  mode: "soft" | "hard";
  thresholds: number[];
  breachAction: "block" | "downgrade" | "throttle";
  downgradeToModel: string | null;
  downgradeToTier: Tier | null;
  throttleRpm: number | null;
}

export interface RatePolicyRule {
  id: string;
  scope: "key" | "project" | "model";
  projectId: string | null;
  apiKeyId: string | null;
  modelAlias: string | null;
  requestsPerMin: number | null;
  tokensPerMin: number | null;
  maxConcurrent: number | null;
}

export interface OrgLimitRules {
  timezone: string;
  budgets: BudgetRule[];
  policies: RatePolicyRule[];
}

/** Per-org budget and rate-limit rules for the hot path. */
export class LimitRulesCache extends PerOrgCache<OrgLimitRules> {
  constructor(db: DbClient, ttlMs = 30_000) {
    super((orgId) => loadLimitRules(db, orgId), ttlMs);
  }
}

export async function loadLimitRules(db: DbClient, orgId: string): Promise<OrgLimitRules> {
  const [org, budgets, policies] = await Promise.all([
    db.org.findUniqueOrThrow({ where: { id: orgId }, select: { timezone: true } }),
    db.budget.findMany({ where: { orgId, enabled: true }, orderBy: { createdAt: "asc" } }),
    db.rateLimitPolicy.findMany({ where: { orgId, enabled: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return {
    timezone: org.timezone,
    budgets: budgets.map((b) => ({
      id: b.id, name: b.name, scope: b.scope, projectId: b.projectId, apiKeyId: b.apiKeyId, tag: b.tag,
      period: b.period, amountNano: decimalToNano(b.amountUsd), mode: b.mode, thresholds: b.thresholds,
      breachAction: b.breachAction, downgradeToModel: b.downgradeToModel, downgradeToTier: b.downgradeToTier, throttleRpm: b.throttleRpm,
    })),
    policies: policies.map((p) => ({
      id: p.id, scope: p.scope, projectId: p.projectId, apiKeyId: p.apiKeyId, modelAlias: p.modelAlias,
      requestsPerMin: p.requestsPerMin, tokensPerMin: p.tokensPerMin, maxConcurrent: p.maxConcurrent,
    })),
  };
}

/** The budgets a request counts against. */
export function budgetsFor(rules: OrgLimitRules, req: { projectId: string; keyId: string; tags: string[] }): BudgetRule[] {
  return rules.budgets.filter((b) =>
    b.scope === "org" || (b.scope === "project" && b.projectId === req.projectId) || (b.scope === "key" && b.apiKeyId === req.keyId) || (b.scope === "tag" && b.tag !== null && req.tags.includes(b.tag)),
  );
}

/** The rate-limit policies a request counts against. */
export function policiesFor(rules: OrgLimitRules, req: { projectId: string; keyId: string; model: string }): RatePolicyRule[] {
  return rules.policies.filter((p) =>
    (p.scope === "key" && p.apiKeyId === req.keyId) || (p.scope === "project" && p.projectId === req.projectId) || (p.scope === "model" && p.modelAlias === req.model),
  );
}

/** Tells every proxy instance to reload this org's budgets and rate limits. */
export async function publishLimitsChange(redis: { publish(channel: string, message: string): Promise<unknown> }, orgId: string): Promise<void> {
  await redis.publish(LIMITS_EVENTS_CHANNEL, orgId);
}
