// Each run sends its requests with a key of its own in the benchmarks
// project: minted when the run starts, expiring shortly after the run's
// maximum duration, revoked when it ends. The secret lives only in the
// worker's memory; the database keeps its hash like any key's.
import type { Redis } from "ioredis";
import type { DbClient } from "../db/create-db-client";
import { createApiKey } from "../keys/create-api-key";
import { KEY_EVENTS_CHANNEL } from "../proxy/api-key-cache";
import { ensureBenchmarkProject } from "./ensure-benchmark-project";

export async function mintRunApiKey(db: DbClient, orgId: string, runId: string, maxDurationSec: number) {
  const project = await ensureBenchmarkProject(db, orgId);
  const expiresAt = new Date(Date.now() + (maxDurationSec + 15 * 60) * 1000);
  const key = await createApiKey(db, { projectId: project.id, name: `benchmark run ${runId}`, expiresAt });
  return { ...key, projectId: project.id };
}

export async function revokeRunApiKey(db: DbClient, redis: Redis, keyId: string): Promise<void> {
  const key = await db.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() }, select: { hashedKey: true } });
  await redis.publish(KEY_EVENTS_CHANNEL, key.hashedKey);
}
