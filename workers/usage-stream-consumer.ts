// Drains the proxy's usage stream into Postgres in batches until stopped.
// Postgres down: the batch stays unacknowledged in Redis and is retried with
// backoff; nothing is lost and, being idempotent, nothing counts twice.
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { DbClient } from "../lib/db/create-db-client";
import type { Logger } from "../lib/log/logger";
import { drainUsageStreamOnce, ensureUsageConsumerGroup } from "../lib/usage/drain-usage-stream";

export interface UsageStreamConsumer {
  stop: () => Promise<void>;
}

export function startUsageStreamConsumer(deps: { redis: Redis; db: DbClient; log: Logger; batchSize?: number; claimIdleMs?: number; lingerMs?: number; index?: number }): UsageStreamConsumer {
  const consumer = `${hostname()}-${process.pid}-${deps.index ?? 0}`;
  const batchSize = deps.batchSize ?? 2000;
  const lingerMs = deps.lingerMs ?? 200;
  let stopped = false;
  let backoffMs = 0;
  // Entries per read, sized from the events per entry of the last read so a read stays about batchSize events.
  let entryCount = batchSize;
  const done = (async () => {
    let groupReady = false;
    while (!stopped) {
      try {
        if (!groupReady) {
          await ensureUsageConsumerGroup(deps.redis);
          groupReady = true;
        }
        const result = await drainUsageStreamOnce(deps.redis, deps.db, { consumer, batchSize, blockMs: 1000, claimIdleMs: deps.claimIdleMs ?? 30_000, entryCount });
        if (result.entries > 0) entryCount = Math.max(1, Math.min(batchSize, Math.round((batchSize * result.entries) / result.read)));
        if (result.deadLettered) deps.log.error({ deadLettered: result.deadLettered, firstError: result.firstError }, "usage events that can never be stored were dead-lettered (see usage_dead_letter; replay after a fix)");
        if (backoffMs) deps.log.info("usage ingest recovered");
        backoffMs = 0;
        // A short batch under steady traffic: let the next one fill up (fewer, larger transactions).
        if (result.read > 0 && result.read < batchSize / 2) await new Promise((r) => setTimeout(r, lingerMs));
      } catch (error) {
        // Redis came back without its data (no persistence, or wiped): the group must be created again.
        if ((error as Error).message?.includes("NOGROUP")) groupReady = false;
        backoffMs = Math.min(backoffMs ? backoffMs * 2 : 500, 10_000);
        deps.log.warn({ err: (error as Error).message, retryInMs: backoffMs }, "usage ingest failed; will retry");
        await new Promise((r) => setTimeout(r, backoffMs));
      }
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}
