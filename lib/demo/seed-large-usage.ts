// The large data set for the dashboard benchmark: by default 10 million
// usage events over 90 days, 50 projects (3 keys each), 20 models (one of
// them unpriced), written through the ingest statement the worker uses, so
// raw rows and every rollup are built exactly as in production.
// Deterministic: the same options give the same events.
import type { DbClient } from "../db/create-db-client";
import { createApiKey } from "../keys/create-api-key";
import { installPriceBook } from "../pricing/install-price-book";
import { loadPriceTable } from "../pricing/load-price-table";
import { storeUsageEvents } from "../usage/record-usage-batch";
import { usageEventSchema, type UsageEvent } from "../usage/usage-event-schema";
import { generateDemoUsage, type DemoProjectProfile } from "./generate-demo-usage";

export const LARGE_ORG_SLUG = "large-org";

// Seven models beyond the default price book (13), to reach 20; the last has no price.
const EXTRA_MODELS = [
  { alias: "o4-mini", tier: "mid", input: "1.1", output: "4.4" },
  { alias: "gpt-4.1", tier: "mid", input: "2", output: "8" },
  { alias: "gpt-4.1-mini", tier: "economy", input: "0.4", output: "1.6" },
  { alias: "gemini-3-pro", tier: "premium", input: "2", output: "12" },
  { alias: "llama-4-maverick", tier: "economy", input: "0.27", output: "0.85" },
  { alias: "qwen3-235b", tier: "economy", input: "0.22", output: "0.88" },
  { alias: "llama-3.1-70b-custom", tier: "mid", input: null, output: null },
] as const;

const TAGS = ["team:search", "team:support", "feature:summarize", "feature:rag", "env:prod", "batch", "customer:enterprise"];
// Mean events per profile-hour relative to its peak (diurnal curve x weekday share); small runs come out lower, as quiet hours round down to no requests.
const MEAN_SHARE_OF_PEAK = 0.42;

export interface SeedLargeOptions {
  events: number;
  days: number;
  projects: number;
  now: Date;
  batchSize?: number;
  onProgress?: (inserted: number) => void;
}

export async function seedLargeUsage(db: DbClient, options: SeedLargeOptions): Promise<{ orgId: string; inserted: number; created: boolean }> {
  const existing = await db.org.findUnique({ where: { slug: LARGE_ORG_SLUG }, select: { id: true } });
  if (existing) return { orgId: existing.id, inserted: 0, created: false };
  const org = await db.org.create({ data: { name: "Large Org", slug: LARGE_ORG_SLUG, timezone: "America/New_York" }, select: { id: true } });
  await installPriceBook(db, org.id);
  for (const m of EXTRA_MODELS) {
    const model = await db.model.create({ data: { orgId: org.id, alias: m.alias, tier: m.tier }, select: { id: true } });
    if (m.input) await db.modelPrice.create({ data: { modelId: model.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: m.input, outputPerMTok: m.output!, source: "seed:large" } });
  }
  const aliases = (await db.model.findMany({ where: { orgId: org.id }, select: { alias: true }, orderBy: { alias: "asc" } })).map((m) => m.alias);

  // Project sizes follow a long tail (Zipf-like), as real orgs' do.
  const weights = Array.from({ length: options.projects }, (_, i) => 1 / (i + 1) ** 0.8);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const hours = options.days * 24;
  const profiles: DemoProjectProfile[] = [];
  for (let p = 0; p < options.projects; p++) {
    const name = `project-${String(p + 1).padStart(2, "0")}`;
    const project = await db.project.create({ data: { orgId: org.id, name, slug: name }, select: { id: true } });
    const models = Array.from({ length: 5 }, (_, m) => ({ alias: aliases[(p * 3 + m * 4) % aliases.length]!, weight: 5 - m }));
    for (let k = 0; k < 3; k++) {
      const key = await createApiKey(db, { projectId: project.id, name: `${name} key ${k + 1}` });
      profiles.push({
        projectId: project.id, slug: name, apiKeyId: key.id,
        peakRequestsPerHour: (options.events * (weights[p]! / weightSum) * [0.6, 0.3, 0.1][k]!) / (hours * MEAN_SHARE_OF_PEAK),
        models, tags: [TAGS[p % TAGS.length]!, TAGS[(p + 3) % TAGS.length]!], meanInputTokens: 600 + (p % 7) * 300, meanOutputTokens: 150 + (p % 5) * 80, cachedShare: (p % 4) * 0.15,
      });
    }
  }
  await db.budget.create({ data: { orgId: org.id, name: "Org monthly", scope: "org", period: "month", amountUsd: "250000" } });
  for (const p of profiles.filter((_, i) => i % 3 === 0).slice(0, 10)) {
    await db.budget.create({ data: { orgId: org.id, name: `${p.slug} monthly`, scope: "project", projectId: p.projectId, period: "month", amountUsd: "20000", mode: "hard" } });
  }

  const prices = await loadPriceTable(db, org.id);
  const endHour = new Date(Math.floor(options.now.getTime() / 3600_000) * 3600_000);
  const batchSize = options.batchSize ?? 5000;
  let inserted = 0;
  let batch: UsageEvent[] = [];
  const inFlight = new Set<Promise<void>>();
  // Two batches in flight, as the worker's two stream consumers write.
  const flush = async (events: UsageEvent[]) => {
    const write = storeUsageEvents(db, events).then((r) => {
      inserted += r.inserted;
      options.onProgress?.(inserted);
    });
    const tracked = write.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 2) await Promise.race(inFlight);
  };
  for (const event of generateDemoUsage({ orgId: org.id, projects: profiles, prices, endHour, days: options.days, seed: 90_000_000 })) {
    batch.push(usageEventSchema.parse(event));
    if (batch.length >= batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length) await flush(batch);
  await Promise.all(inFlight);
  return { orgId: org.id, inserted, created: true };
}
