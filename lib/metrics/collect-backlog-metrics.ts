// Scrape-time gauges: the usage stream's backlog (events not yet in
// Postgres), BullMQ queue depths, and each enabled budget's utilisation in
// its current period (from the Redis counters the proxy enforces with).
import type { Redis } from "ioredis";
import { Gauge, type Registry } from "prom-client";
import { periodWindow } from "../budgets/budget-period";
import type { DbClient } from "../db/create-db-client";
import { budgetCounterKey } from "../limits/limit-keys";
import { decimalToNano } from "../money/nano-usd";
import { getQueue } from "../queues/get-queue";
import { QueueName } from "../queues/queue-names";
import { USAGE_CONSUMER_GROUP, USAGE_STREAM_KEY } from "../usage/usage-stream";

// A scrape must answer while Redis is down: the main connection queues commands until Redis is back,
// so Redis reads are skipped when it is not connected and every read is bounded.
const SCRAPE_READ_MS = 2000;

function bounded<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), SCRAPE_READ_MS)));
  return Promise.race([read().catch(() => fallback), timeout]).finally(() => clearTimeout(timer));
}

export function collectBacklogMetrics(registry: Registry, deps: { db: DbClient; redis: Redis }): void {
  const redisUp = () => deps.redis.status === "ready";
  new Gauge({
    name: "tollgate_usage_stream_length", help: "Usage stream entries in Redis, written and not yet trimmed (an entry holds one or more events)", registers: [registry],
    async collect() {
      if (redisUp()) this.set(await bounded(() => deps.redis.xlen(USAGE_STREAM_KEY), 0));
    },
  });
  new Gauge({
    name: "tollgate_usage_stream_lag", help: "Usage stream entries not yet stored in Postgres, undelivered plus unacknowledged (an entry holds one or more events)", registers: [registry],
    async collect() {
      if (redisUp()) this.set(await bounded(() => streamLag(deps.redis), 0));
    },
  });
  new Gauge({
    name: "tollgate_usage_dead_letters", help: "Usage events ingest could never store, kept in usage_dead_letter and not yet replayed", registers: [registry],
    async collect() {
      this.set(await bounded(() => deps.db.usageDeadLetter.count({ where: { replayedAt: null } }), 0));
    },
  });
  new Gauge({
    name: "tollgate_queue_jobs", help: "BullMQ jobs by queue and state", labelNames: ["queue", "state"], registers: [registry],
    async collect() {
      this.reset();
      for (const name of Object.values(QueueName)) {
        if (!redisUp()) break;
        const counts = await bounded(() => getQueue(name, deps.redis).getJobCounts("waiting", "active", "delayed", "failed"), {} as Record<string, number>);
        for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
      }
    },
  });
  new Gauge({
    name: "tollgate_budget_utilisation_ratio", help: "Spend in the current period over the budget amount", labelNames: ["budget", "name", "scope", "mode"], registers: [registry],
    async collect() {
      this.reset();
      if (!redisUp()) return;
      const budgets = await deps.db.budget.findMany({ where: { enabled: true }, select: { id: true, orgId: true, name: true, scope: true, mode: true, period: true, amountUsd: true, org: { select: { timezone: true } } }, take: 5000 });
      const now = new Date();
      const keys = budgets.map((b) => budgetCounterKey(b.orgId, b.id, periodWindow(b.period, b.org.timezone, now).start.getTime()));
      // Every budget's counter in one round trip (a scrape of 5,000 budgets was 5,000 reads in turn).
      const spent = await bounded(async () => ((await deps.redis.pipeline(keys.map((key) => ["hget", key, "spent"])).exec()) ?? []).map(([error, value]) => (error ? undefined : (value as string | null))), [] as (string | null | undefined)[]);
      budgets.forEach((b, i) => {
        const amount = decimalToNano(b.amountUsd);
        const nano = spentNano(spent[i]);
        // A read that failed (or a counter that is not a number) gives no sample rather than a false 0.
        if (amount > 0n && nano !== null) this.set({ budget: b.id, name: b.name, scope: b.scope, mode: b.mode }, Number((nano * 1_000_000n) / amount) / 1_000_000);
      });
    },
  });
}

/** A counter's "spent" field: absent is nothing spent yet; a failed read (undefined) or a non-integer is unknown. */
function spentNano(value: string | null | undefined): bigint | null {
  if (value === null) return 0n;
  return value !== undefined && /^-?\d{1,30}$/.test(value) ? BigInt(value) : null;
}

async function streamLag(redis: Redis): Promise<number> {
  try {
    const groups = (await redis.xinfo("GROUPS", USAGE_STREAM_KEY)) as unknown[][];
    for (const g of groups) {
      const fields = new Map<string, unknown>();
      for (let i = 0; i < g.length; i += 2) fields.set(String(g[i]), g[i + 1]);
      if (fields.get("name") === USAGE_CONSUMER_GROUP) return Number(fields.get("lag") ?? 0) + Number(fields.get("pending") ?? 0);
    }
    return await redis.xlen(USAGE_STREAM_KEY);
  } catch {
    return 0;
  }
}
