// Every queue Tollgate uses, with the payload schema of its jobs.
import { z } from "zod";
import { usageEventSchema } from "../usage/usage-event-schema";

export const QueueName = {
  UsageIngest: "usage-ingest",
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const jobPayloadSchemas = {
  [QueueName.UsageIngest]: z.object({ events: z.array(usageEventSchema).min(1).max(5000) }),
} satisfies Record<QueueName, z.ZodType>;

// What producers pass (defaults not yet applied); processors parse it again.
export type JobPayload<Q extends QueueName> = z.input<(typeof jobPayloadSchemas)[Q]>;
