// The orgs bench:proxy routes through: one with a 20-rule policy whose first
// 18 rules never match the bench's requests (tags, projects, models, input
// bands, needs, endpoints, keys), then a fallback chain (key A's requests)
// and a catch-all split (everyone else), and one whose only rule caches.
// Policies go through createRoutingPolicy, the use case the management API
// calls, so they are validated and compiled exactly as an app's would be.
import type { Redis } from "ioredis";
import type { Principal } from "../../lib/auth/principal";
import type { DbClient } from "../../lib/db/create-db-client";
import { createApiKey } from "../../lib/keys/create-api-key";
import { createRoutingPolicy } from "../../lib/routing/manage-routing-policies";
import { policyInputSchema } from "../../lib/routing/policy-schema";
import { createProxyOrg } from "../../tests/support/create-proxy-org";

/** A context window like the real models': large enough that the byte-length bound settles fit without tokenizing. */
const CONTEXT_WINDOW = 400_000;

const owner = (orgId: string): Principal => ({ kind: "token", actor: "bench", userId: null, email: null, orgId, role: "owner" });

/** Adds priced models served by the org's (only) provider, and gives every model a context window. */
async function addModels(db: DbClient, orgId: string, models: { alias: string; inputPerMTok: string; outputPerMTok: string }[]) {
  const provider = await db.provider.findFirstOrThrow({ where: { orgId }, select: { id: true } });
  for (const m of models) {
    const model = await db.model.create({ data: { orgId, alias: m.alias, tier: "economy", contextWindow: CONTEXT_WINDOW }, select: { id: true } });
    await db.modelPrice.create({ data: { modelId: model.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: m.inputPerMTok, cachedInputPerMTok: "0", outputPerMTok: m.outputPerMTok } });
    await db.deployment.create({ data: { providerId: provider.id, modelId: model.id, upstreamModel: `${m.alias}-2026-01-01` } });
  }
  await db.model.updateMany({ where: { orgId }, data: { contextWindow: CONTEXT_WINDOW } });
}

export async function createRoutingOrg(db: DbClient, redis: Redis, upstreamUrl: string, encryptionKey: Buffer) {
  const org = await createProxyOrg(db, upstreamUrl, encryptionKey);
  await addModels(db, org.orgId, [
    { alias: "gpt-5-nano", inputPerMTok: "0.05", outputPerMTok: "0.4" },
    { alias: "gpt-5", inputPerMTok: "1.25", outputPerMTok: "10" },
  ]);
  // Key A (from createProxyOrg) takes the fallback rule; key B falls through to the split.
  const keyB = await createApiKey(db, { projectId: org.projectId, name: "split" });
  const other = await db.project.create({ data: { orgId: org.orgId, name: "Batch jobs", slug: "batch" }, select: { id: true } });
  const otherKey = await createApiKey(db, { projectId: other.id, name: "batch" });

  const rules = benchRoutingRules({ otherProjectId: other.id, otherKeyId: otherKey.id, chainKeyId: org.apiKeyId });
  const policy = await createRoutingPolicy(db, redis, owner(org.orgId), policyInputSchema.parse({ name: "bench: 20 rules", rules }));
  return { orgId: org.orgId, policyId: policy.id, ruleCount: rules.length, chainKey: org.apiKey, splitKey: keyB.secret };
}

/** The 20 rules (the models they name: gpt-5-mini, gpt-5-nano, gpt-5). */
export function benchRoutingRules(ids: { otherProjectId: string; otherKeyId: string; chainKeyId: string }) {
  return [
    { id: "batch-tag", match: { tags: ["batch"] }, action: { kind: "route", model: "gpt-5-nano" } },
    { id: "eval-tags", match: { tags: ["eval", "offline"] }, action: { kind: "split", targets: [{ model: "gpt-5-nano", percent: 80 }, { model: "gpt-5-mini", percent: 20 }] } },
    { id: "batch-project", match: { projectIds: [ids.otherProjectId] }, action: { kind: "route", model: "gpt-5-nano" } },
    { id: "auto-model", match: { models: ["auto"] }, action: { kind: "fallback", models: ["gpt-5-nano", "gpt-5-mini", "gpt-5"] } },
    { id: "premium-model", match: { models: ["gpt-5"] }, action: { kind: "fallback", models: ["gpt-5", "gpt-5-mini"] } },
    { id: "long-prompt", match: { minInputTokens: 32_000 }, action: { kind: "route", model: "gpt-5" } },
    { id: "mid-prompt", match: { minInputTokens: 4_000, maxInputTokens: 31_999 }, action: { kind: "route", model: "gpt-5-mini" } },
    { id: "big-context", match: { needs: { minContextTokens: 128_000 } }, action: { kind: "route", model: "gpt-5" } },
    { id: "tools", match: { needs: { tools: true } }, action: { kind: "fallback", models: ["gpt-5", "gpt-5-mini"] } },
    { id: "json-mode", match: { needs: { jsonMode: true } }, action: { kind: "cascade", models: ["gpt-5-nano", "gpt-5-mini"], escalateOn: ["invalid-json", "length"] } },
    { id: "images", match: { needs: { images: true } }, action: { kind: "route", model: "gpt-5" } },
    { id: "responses-api", match: { endpoints: ["responses"] }, action: { kind: "route", model: "gpt-5-mini" } },
    { id: "batch-key", match: { apiKeyIds: [ids.otherKeyId] }, action: { kind: "route", model: "gpt-5-nano" } },
    { id: "support-mini", match: { tags: ["support"], models: ["gpt-5-mini"] }, action: { kind: "fallback", models: ["gpt-5-nano", "gpt-5-mini"] } },
    { id: "research-team", match: { tags: ["team:research"] }, action: { kind: "route", model: "gpt-5" } },
    { id: "nano-model", match: { models: ["gpt-5-nano"] }, action: { kind: "fallback", models: ["gpt-5-nano", "gpt-5-mini"] } },
    { id: "cheap-short", match: { tags: ["cheap"], maxInputTokens: 500 }, action: { kind: "route", model: "gpt-5-nano" } },
    { id: "legacy-models", match: { models: ["gpt-4o", "gpt-4o-mini", "gpt-4.1"] }, action: { kind: "route", model: "gpt-5-mini" } },
    // Reached by the bench's requests:
    { id: "key-a-chain", match: { apiKeyIds: [ids.chainKeyId] }, action: { kind: "fallback", models: ["gpt-5-mini", "gpt-5-nano", "gpt-5"] } },
    { id: "default-split", match: {}, action: { kind: "split", targets: [{ model: "gpt-5-mini", percent: 50 }, { model: "gpt-5-nano", percent: 50 }], stickyBy: "user" } },
  ];
}

export async function createCachingOrg(db: DbClient, redis: Redis, upstreamUrl: string, encryptionKey: Buffer) {
  const org = await createProxyOrg(db, upstreamUrl, encryptionKey);
  const rules = [{ id: "cache-all", match: {}, action: { kind: "route", model: "gpt-5-mini", cache: { ttlSec: 3600 } } }];
  const policy = await createRoutingPolicy(db, redis, owner(org.orgId), policyInputSchema.parse({ name: "bench: cache", rules }));
  return { orgId: org.orgId, policyId: policy.id, apiKey: org.apiKey };
}
