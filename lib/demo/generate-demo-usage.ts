// Deterministic, synthetic demo traffic: `days` (60 in the seed) of hourly requests per project with a
// diurnal curve and quieter weekends, several models across tiers, a few
// tags, ~2% upstream errors, some estimated (cut-off streams) and some
// unpriced rows. Same seed + same end hour => the same events.
import type { PricedModel } from "../pricing/load-price-table";
import { priceInEffect } from "../pricing/price-in-effect";
import { priceRequest } from "../pricing/price-request";
import type { UsageEventInput } from "../usage/usage-event-schema";
import { seededRandom } from "../random/seeded-random";

export interface DemoProjectProfile {
  projectId: string;
  slug: string;
  apiKeyId: string;
  // Mean requests per weekday business hour.
  peakRequestsPerHour: number;
  models: { alias: string; weight: number }[];
  tags: string[];
  meanInputTokens: number;
  meanOutputTokens: number;
  cachedShare: number;
}

// Share of peak traffic per UTC hour: night trough, working-day plateau.
const diurnal = [0.12, 0.1, 0.08, 0.08, 0.1, 0.15, 0.3, 0.55, 0.8, 0.95, 1, 1, 0.9, 0.95, 1, 0.95, 0.85, 0.7, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15];

export function* generateDemoUsage(options: {
  orgId: string;
  projects: DemoProjectProfile[];
  prices: Map<string, PricedModel>;
  endHour: Date;
  days: number;
  seed?: number;
}): Generator<UsageEventInput> {
  const random = seededRandom(options.seed ?? 20260101);
  const hours = options.days * 24;
  const pick = <T extends { weight: number }>(items: T[]): T => {
    const total = items.reduce((s, i) => s + i.weight, 0);
    let r = random() * total;
    for (const item of items) if ((r -= item.weight) <= 0) return item;
    return items[items.length - 1]!;
  };
  const around = (mean: number) => Math.max(1, Math.round(mean * (0.25 + 1.5 * random() * random() + 0.5 * random())));
  let sequence = 0;
  for (let h = hours; h >= 1; h--) {
    const hourStart = new Date(options.endHour.getTime() - h * 3600_000);
    const weekday = hourStart.getUTCDay();
    const weekFactor = weekday === 0 || weekday === 6 ? 0.35 : 1;
    // Traffic grows steadily (0.85x at the start to 1.15x at the end), so a period compares with the one before.
    const trend = 0.85 + 0.3 * (1 - h / hours);
    for (const project of options.projects) {
      const mean = project.peakRequestsPerHour * diurnal[hourStart.getUTCHours()]! * weekFactor * trend;
      const count = Math.round(mean * (0.7 + 0.6 * random()));
      for (let i = 0; i < count; i++) {
        sequence++;
        const occurredAt = new Date(hourStart.getTime() + Math.floor(random() * 3600_000));
        const model = pick(project.models).alias;
        const priced = options.prices.get(model);
        const failed = random() < 0.02;
        const estimated = !failed && random() < 0.01;
        const streamed = random() < 0.6;
        // Failed upstream calls consume no tokens; they are metered at $0 exactly.
        const inputTokens = failed ? 0 : around(project.meanInputTokens);
        const cachedInputTokens = random() < project.cachedShare ? Math.floor(inputTokens * 0.6) : 0;
        const outputTokens = failed ? 0 : around(project.meanOutputTokens);
        const reasoningTokens = !failed && model.startsWith("gpt-5") ? Math.floor(outputTokens * 0.3) : 0;
        const price = priceInEffect(priced?.versions, occurredAt);
        const usage = { inputTokens, cachedInputTokens, cacheWriteTokens: 0, outputTokens, reasoningTokens };
        const latencyMs = failed ? 200 + Math.floor(random() * 2000) : 300 + Math.floor(outputTokens * (8 + 20 * random()));
        const tagCount = Math.floor(random() * 3);
        const httpStatus = failed ? (random() < 0.5 ? 502 : 429) : 200;
        yield {
          requestId: `demo_${sequence.toString(36)}_${Math.floor(random() * 1e9).toString(36)}`,
          attempt: 0,
          occurredAt: occurredAt.toISOString(),
          orgId: options.orgId,
          projectId: project.projectId,
          apiKeyId: project.apiKeyId,
          endpoint: "/v1/chat/completions",
          requestedModel: model,
          servedModel: model,
          tier: priced?.tier ?? null,
          ...usage,
          costUsd: price ? priceRequest(usage, price).total : null,
          priceId: price?.id ?? null,
          usageSource: estimated ? "estimated" : "reported",
          latencyMs,
          ttftMs: streamed && !failed ? 150 + Math.floor(random() * 600) : null,
          status: failed ? "upstream_error" : "ok",
          httpStatus,
          errorClass: httpStatus === 502 ? "upstream_unavailable" : httpStatus === 429 ? "upstream_rate_limited" : null,
          tags: project.tags.slice(0, tagCount),
          streamed,
        };
      }
    }
  }
}
