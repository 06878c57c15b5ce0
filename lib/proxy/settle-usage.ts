// Prices a finished attempt with the price version in effect now and
// appends its usage event to the Redis stream (not awaited by the response).
import { priceInEffect } from "../pricing/price-in-effect";
import { priceRequest, type TokenUsage } from "../pricing/price-request";
import type { UsageEventInput } from "../usage/usage-event-schema";
import { estimateTokens, promptText } from "./estimate-tokens";
import type { Attempt, ProxyDeps } from "./proxy-types";

export function estimateUsage(requestBody: Record<string, unknown>, outputText: string): TokenUsage {
  return { inputTokens: estimateTokens(promptText(requestBody)), cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: estimateTokens(outputText), reasoningTokens: 0 };
}

/** Prices the attempt with the price in effect now and appends its usage event. Returns the cost, null if unpriced. */
export function settleUsage(
  deps: ProxyDeps,
  a: Attempt,
  outcome: { status: number; usage: TokenUsage | null; estimated?: boolean; errorClass: string | null; ttftMs: number | null },
): string | null {
  const occurredAt = new Date();
  const usage = outcome.usage ?? { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  const price = priceInEffect(a.model.prices, occurredAt);
  const cost = price ? priceRequest(usage, price).total : null;
  const event: UsageEventInput = {
    requestId: a.requestId,
    attempt: 0,
    occurredAt: occurredAt.toISOString(),
    orgId: a.key.orgId,
    projectId: a.key.projectId,
    apiKeyId: a.key.keyId,
    endpoint: `/v1${a.endpoint}`,
    requestedModel: a.model.alias,
    servedModel: a.model.alias,
    deploymentId: a.deployment.id,
    tier: a.model.tier,
    ...usage,
    costUsd: cost,
    priceId: price?.id ?? null,
    usageSource: outcome.estimated ? "estimated" : "reported",
    latencyMs: Math.max(0, Math.round(performance.now() - a.started)),
    ttftMs: outcome.ttftMs,
    status: outcome.status < 400 ? "ok" : outcome.status < 500 && outcome.status !== 429 ? "client_error" : "upstream_error",
    httpStatus: outcome.status,
    errorClass: outcome.errorClass,
    tags: a.tags,
    endUser: typeof a.body.user === "string" ? a.body.user.slice(0, 256) : null,
    streamed: a.streamed,
  };
  deps.usage.emit(event);
  return cost;
}
