// The what-if processor: one scenario run (lib/whatif/io/run-whatif-scenario.ts).
// Bad input (a model that lost its price, a stored scenario that no longer
// parses, data the simulator refuses) fails the run at once with a message
// on its result row; anything else is retried while attempts remain, then
// recorded the same way. The worker never crashes on a run.
import { UnrecoverableError, type Job } from "bullmq";
import type { DbClient } from "../lib/db/create-db-client";
import type { Logger } from "../lib/log/logger";
import { jobPayloadSchemas, QueueName } from "../lib/queues/queue-names";
import { WhatIfInputError } from "../lib/whatif/whatif-inputs";
import { recordPredictionChecks } from "../lib/whatif/io/record-prediction-checks";
import { failureMessage, recordScenarioFailure } from "../lib/whatif/io/record-scenario-failure";
import { runWhatIfScenario } from "../lib/whatif/io/run-whatif-scenario";

export function createWhatIfRunProcessor(deps: { db: DbClient; databaseUrl: string; log: Logger }) {
  return async (job: Job) => {
    const parsed = jobPayloadSchemas[QueueName.WhatIfRun].safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError("invalid whatif-run payload");
    const { resultId } = parsed.data;
    try {
      return await runWhatIfScenario({ db: deps.db, databaseUrl: deps.databaseUrl, onProgress: (percent) => job.updateProgress(percent) }, resultId);
    } catch (error) {
      const permanent = error instanceof WhatIfInputError || error instanceof RangeError;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      deps.log.error({ resultId, err: (error as Error).message, permanent, lastAttempt }, "what-if run failed");
      if (!permanent && !lastAttempt) throw error;
      const message = failureMessage(error);
      await recordScenarioFailure(deps.db, resultId, message);
      throw new UnrecoverableError(message);
    }
  };
}

/** The scheduled prediction check: idempotent per day, so a retry or a second worker adds nothing. */
export function createPredictionCheckProcessor(deps: { db: DbClient; log: Logger }) {
  return async () => {
    const done = await recordPredictionChecks(deps.db);
    deps.log.info(done, "what-if prediction checks kept");
    return done;
  };
}
