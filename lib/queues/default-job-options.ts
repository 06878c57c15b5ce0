import type { JobsOptions } from "bullmq";

// Bounded retention so Redis does not fill up; exponential retries for
// transient failures (e.g. Postgres briefly down).
export const defaultJobOptions: JobsOptions = {
  attempts: 20,
  backoff: { type: "exponential", delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
};
