// Prices a finished attempt with the price version in effect when it was
// admitted, appends its usage event to the Redis stream and settles its
// budget reservation (neither is awaited by the response).
import { storableText } from "../db/storable-text";
import { crossedThresholds, settleReservation } from "../limits/settle-reservation";
import { nanoToUsd } from "../money/nano-usd";
import { priceInEffect } from "../pricing/price-in-effect";
import { priceRequestNano, type TokenUsage } from "../pricing/price-request";
import type { UsageEventInput } from "../usage/usage-event-schema";
import { estimateInputTokens, estimateTokens } from "./estimate-tokens";
import type { Attempt, ProxyDeps } from "./proxy-types";

/** Usage counted with the tokenizer: the input as admission reserved it (framing included), the output as streamed. */
export function estimateUsage(requestBody: Record<string, unknown>, outputText: string): TokenUsage {
  return { inputTokens: estimateInputTokens(requestBody), cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: estimateTokens(outputText), reasoningTokens: 0 };
}

const NO_USAGE: TokenUsage = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
/** Token counts are stored as int4: an upstream reporting more (or a runaway estimate) is capped there. */
const MAX_TOKENS = 2_147_483_647;
const bounded = (u: TokenUsage): TokenUsage => ({
  inputTokens: Math.min(u.inputTokens, MAX_TOKENS), cachedInputTokens: Math.min(u.cachedInputTokens, MAX_TOKENS), cacheWriteTokens: Math.min(u.cacheWriteTokens, MAX_TOKENS),
  outputTokens: Math.min(u.outputTokens, MAX_TOKENS), reasoningTokens: Math.min(u.reasoningTokens, MAX_TOKENS),
});

/** Settles the attempt once. Returns the cost, null if unpriced. */
export function settleUsage(
  deps: ProxyDeps,
  a: Attempt,
  outcome: {
    status: number; usage: TokenUsage | null; estimated?: boolean; errorClass: string | null; ttftMs: number | null;
    /** The row's status when the HTTP status does not tell it (a stream that broke after its 200). */
    rowStatus?: UsageEventInput["status"];
    /** Answered from the response cache: no model ran, nothing is owed. */
    fromCache?: boolean;
  },
): string | null {
  if (a.settled) return null;
  a.settled = true;
  const usage = outcome.usage ? bounded(outcome.usage) : NO_USAGE;
  const price = outcome.fromCache ? undefined : priceInEffect(a.model.prices, a.admittedAt);
  // The total alone, in nano-dollars (the budgets settle it as is); formatted once for the row and the header.
  const costNano = outcome.fromCache ? 0n : price ? priceRequestNano(usage, price) : null;
  const cost = outcome.fromCache ? "0" : costNano === null ? null : nanoToUsd(costNano);
  const event: UsageEventInput = {
    requestId: a.requestId,
    attempt: a.index,
    occurredAt: a.admittedAt.toISOString(),
    orgId: a.key.orgId,
    projectId: a.key.projectId,
    apiKeyId: a.key.keyId,
    endpoint: `/v1${a.endpoint}`,
    requestedModel: a.requestedModel,
    servedModel: a.model.alias,
    deploymentId: a.deployment.id,
    tier: a.model.tier,
    ...usage,
    costUsd: cost,
    priceId: price?.id ?? null,
    usageSource: outcome.estimated ? "estimated" : "reported",
    latencyMs: Math.max(0, Math.round(performance.now() - a.started)),
    ttftMs: outcome.ttftMs,
    status: outcome.rowStatus ?? (outcome.status < 400 ? "ok" : outcome.status < 500 && outcome.status !== 429 ? "client_error" : "upstream_error"),
    httpStatus: outcome.status,
    errorClass: outcome.errorClass,
    tags: a.tags,
    endUser: typeof a.body.user === "string" ? storableText(a.body.user, 256) : null,
    streamed: a.streamed,
    routing: a.route as unknown as Record<string, unknown> | null,
  };
  deps.usage.emit(event);
  deps.metrics?.observe(event);
  if (a.admission) void settleBudgets(deps, a, costNano ?? 0n, usage.inputTokens + usage.outputTokens);
  return cost;
}

/** Releases an attempt that never reached the upstream (nothing spent). */
export function releaseUnsettled(deps: ProxyDeps, a: Attempt): void {
  if (a.settled || !a.admission) return;
  a.settled = true;
  void settleBudgets(deps, a, 0n, 0);
}

async function settleBudgets(deps: ProxyDeps, a: Attempt, costNano: bigint, tokens: number): Promise<void> {
  const settled = await settleReservation(deps.limits.redis, deps.log, a.admission!, { costNano, tokens });
  for (const s of settled) {
    const crossed = crossedThresholds(s);
    if (crossed.length > 0) deps.onThresholdCrossed(s, crossed);
  }
}
