import type { UsageEventInput } from "../../lib/usage/usage-event-schema";

let n = 0;

export function usageEvent(overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  n++;
  return {
    requestId: `req_${process.pid}_${n}_${Math.random().toString(36).slice(2)}`,
    occurredAt: "2026-11-02T10:15:00.000Z",
    orgId: "org_1",
    projectId: "proj_1",
    apiKeyId: "key_1",
    endpoint: "/v1/chat/completions",
    requestedModel: "gpt-5-mini",
    servedModel: "gpt-5-mini",
    tier: "economy",
    inputTokens: 1000,
    outputTokens: 200,
    costUsd: "0.000650000",
    latencyMs: 420,
    status: "ok",
    httpStatus: 200,
    ...overrides,
  };
}
