// The demo's routing: three policies (saved through the routing API's own
// function in seed-demo.ts) and, for the last ROUTED_DAYS of synthetic
// traffic, what those policies did to it. Each generated request is decided
// by the real decideRoute over the compiled demo policies; the outcome is
// then simulated (deterministic, seeded): a few primaries fail and fall back,
// some repeats are answered from the cache, the local model bursts to the
// cloud at busy hours. Rows are repriced as the model that served them and
// carry the same routing record the proxy writes (routeRecord).
import type { PricedModel } from "../pricing/load-price-table";
import { priceInEffect } from "../pricing/price-in-effect";
import { priceRequest, type TokenUsage } from "../pricing/price-request";
import { seededRandom } from "../random/seeded-random";
import type { CompiledRouting } from "../routing/compile-policies";
import { decideRoute } from "../routing/decide-route";
import type { PolicyInput } from "../routing/policy-schema";
import { routeRecord } from "../routing/route-record";
import type { RouteDecision, RouteRequest } from "../routing/route-types";
import type { UsageEventInput } from "../usage/usage-event-schema";

/** Routing was switched on this many days before the demo's last hour. */
export const ROUTED_DAYS = 14;
const CACHE_HIT_SHARE = 0.12;
const PRIMARY_FAILURE_SHARE = 0.03;
/** Hours (UTC) in which the local model runs at capacity for part of the traffic. */
const BUSY_HOURS = new Set([9, 10, 11, 13, 14, 15]);
const BUSY_BURST_SHARE = 0.45;

/** The demo's policies, by project slug (null: org-wide). */
export const demoRoutingPolicies: { projectSlug: string | null; policy: Omit<PolicyInput, "projectId"> }[] = [
  {
    projectSlug: "support-copilot",
    policy: {
      name: "Support drafts: mini first, Haiku as fallback, cache repeats", priority: 0, enabled: true, mode: "enforce",
      rules: [{ id: "reply-draft", description: "Drafts go to gpt-5-mini; if it fails, Claude Haiku answers. Identical drafts are served from the cache for an hour.", match: { models: ["gpt-5-mini"] }, action: { kind: "fallback", models: ["gpt-5-mini", "claude-haiku-4.5"], cache: { ttlSec: 3600, shareAcrossProjects: false } } }],
    },
  },
  {
    projectSlug: "search-ranking",
    policy: {
      name: "Search re-ranking: local Qwen first, burst to gpt-5-nano", priority: 0, enabled: true, mode: "enforce",
      rules: [{ id: "rerank-local", match: { models: ["qwen-0.6b"] }, action: { kind: "local-first", local: { model: "qwen-0.6b", maxConcurrent: 8, ttftObjectiveMs: 800 }, cloud: "gpt-5-nano", hysteresis: { resumeBelowPercent: 75 } } }],
    },
  },
  {
    projectSlug: null,
    policy: {
      name: "Proposal: Q&A on Grok 4 Fast (shadow)", priority: 10, enabled: true, mode: "shadow",
      rules: [{ id: "qa-to-grok", description: "Would send wiki Q&A to Grok 4 Fast; recorded, never applied.", match: { tags: ["feature:qa"] }, action: { kind: "route", model: "grok-4-fast" } }],
    },
  },
];

export function* routeDemoUsage(
  events: Iterable<UsageEventInput>,
  options: { routing: CompiledRouting; prices: Map<string, PricedModel>; endHour: Date; seed?: number },
): Generator<UsageEventInput> {
  const random = seededRandom(options.seed ?? 20261202);
  const routedFrom = options.endHour.getTime() - ROUTED_DAYS * 86_400_000;
  for (const event of events) {
    const at = new Date(event.occurredAt);
    if (at.getTime() < routedFrom) {
      yield event;
      continue;
    }
    const { enforced, shadow } = decideRoute(options.routing, demoRequest(event), {
      burstActive: { "qwen-0.6b": BUSY_HOURS.has(at.getUTCHours()) && random() < BUSY_BURST_SHARE },
    });
    if (enforced.policyId === null && shadow.length === 0) {
      yield event;
      continue;
    }
    const served = enforced.candidates[0] ?? event.servedModel;
    const record = (attempt: Parameters<typeof routeRecord>[1]) => routeRecord(enforced, attempt, shadow) as unknown as Record<string, unknown>;
    const ok = event.status === "ok";

    if (ok && enforced.cache && random() < CACHE_HIT_SHARE) {
      const saved = reprice(event, served, options.prices).costUsd;
      yield { ...zeroUsage(event), servedModel: served, costUsd: "0", priceId: null, latencyMs: 5 + Math.floor(random() * 20), ttftMs: event.streamed ? 3 : null, routing: record({ index: 0, role: "primary", cache: { status: "hit", ...(saved ? { savedCostUsd: saved } : {}) } }) };
      continue;
    }
    const cache = enforced.cache ? ({ status: "miss" } as const) : null;
    const local = localRecord(enforced, served);
    if (ok && enforced.candidates.length > 1 && random() < PRIMARY_FAILURE_SHARE) {
      const fallback = enforced.candidates[1]!;
      yield { ...zeroUsage(event), ...repriceTier(served, options.prices), servedModel: served, costUsd: "0", status: "upstream_error", httpStatus: 502, errorClass: "upstream_503", ttftMs: null, latencyMs: 150 + Math.floor(random() * 400), routing: record({ index: 0, role: "primary", local, cache }) };
      const fellBackLocal = enforced.localFirst ? { model: enforced.localFirst.local, served: "burst" as const, reason: "local-failed" as const } : null;
      yield { ...reprice(event, fallback, options.prices), attempt: 1, servedModel: fallback, routing: record({ index: 1, role: "fallback", local: fellBackLocal, cache }) };
      continue;
    }
    yield { ...reprice(event, served, options.prices), servedModel: served, routing: record({ index: 0, role: "primary", local, cache }) };
  }
}

function demoRequest(e: UsageEventInput): RouteRequest {
  return {
    requestId: e.requestId, projectId: e.projectId, apiKeyId: e.apiKeyId ?? "", tags: e.tags ?? [], model: e.requestedModel, endpoint: "chat.completions",
    estimatedInputTokens: e.inputTokens ?? 0, requestedOutputTokens: null, needs: { tools: false, images: false, jsonMode: false },
    stream: e.streamed ?? false, user: null, sessionId: null, complexity: "simple",
  };
}

function localRecord(d: RouteDecision, served: string) {
  if (!d.localFirst) return null;
  if (served === d.localFirst.local) return { model: d.localFirst.local, served: "local" as const, reason: null };
  return { model: d.localFirst.local, served: "burst" as const, reason: "at-capacity" as const };
}

function zeroUsage(e: UsageEventInput): UsageEventInput {
  return { ...e, inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, usageSource: "reported" };
}

function repriceTier(alias: string, prices: Map<string, PricedModel>): Pick<UsageEventInput, "tier"> {
  return { tier: prices.get(alias)?.tier ?? null };
}

/** The same tokens priced as another model, at the price in effect then (exact decimals). */
function reprice(e: UsageEventInput, alias: string, prices: Map<string, PricedModel>): UsageEventInput {
  if (alias === e.servedModel) return e;
  const usage: TokenUsage = { inputTokens: e.inputTokens ?? 0, cachedInputTokens: e.cachedInputTokens ?? 0, cacheWriteTokens: e.cacheWriteTokens ?? 0, outputTokens: e.outputTokens ?? 0, reasoningTokens: e.reasoningTokens ?? 0 };
  const price = priceInEffect(prices.get(alias)?.versions, new Date(e.occurredAt));
  return { ...e, ...repriceTier(alias, prices), costUsd: price ? priceRequest(usage, price).total : null, priceId: price?.id ?? null };
}
