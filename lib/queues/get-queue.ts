import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { defaultJobOptions } from "./default-job-options";
import { jobPayloadSchemas, type JobPayload, type QueueName } from "./queue-names";

const queues = new Map<string, Queue>();

export function getQueue<Q extends QueueName>(name: Q, connection: Redis): Queue<JobPayload<Q>> {
  const key = `${name}`;
  let queue = queues.get(key);
  if (!queue) {
    queue = new Queue(name, { connection, defaultJobOptions });
    queues.set(key, queue);
  }
  return queue as Queue<JobPayload<Q>>;
}

/** Validates the payload against the queue's schema, then enqueues it. */
export async function enqueueJob<Q extends QueueName>(connection: Redis, name: Q, payload: JobPayload<Q>, jobId?: string) {
  const data = jobPayloadSchemas[name].parse(payload) as JobPayload<Q>;
  const queue = getQueue(name, connection);
  return (queue as unknown as Queue).add(name, data, jobId ? { jobId } : undefined);
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}
