// A failed scenario run, recorded on its result row. Apart from the run
// itself, so the web (which records a run it could not queue) never loads
// the simulation or its worker thread.
import type { DbClient } from "@/lib/db/create-db-client";
import { WhatIfInputError } from "../whatif-inputs";

/** What a failed run tells its reader: the input problem as it is, anything else without internals. */
export function failureMessage(error: unknown): string {
  if (error instanceof WhatIfInputError || error instanceof RangeError) return error.message.slice(0, 1000);
  return "The simulation stopped on an internal error (the worker log has the details); run it again.";
}

/** Marks the run failed with a message (if it is still queued or running). Never throws. */
export async function recordScenarioFailure(db: DbClient, resultId: string, message: string): Promise<void> {
  await db.scenarioResult
    .updateMany({ where: { id: resultId, status: { in: ["queued", "running"] } }, data: { status: "failed", error: message, computedAt: new Date() } })
    .catch(() => undefined);
}
