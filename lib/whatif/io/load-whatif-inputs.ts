// Everything a simulation reads besides the traffic: the catalog with its
// price versions and providers, and the measured benchmark data
// (benchmark-measurements.ts says how each is built). The runs read are the
// latest completed ("succeeded") run of each suite x model in the org: a run
// stopped early (cost cap, cancel) or failed measures fewer cases than its
// suite holds, so it is not taken. Every run id used is named in the inputs
// (and so in the result), so a reader can open the measurement behind a
// number.
import type { DbClient } from "@/lib/db/create-db-client";
import { tokenRatioLookup } from "../measure-token-ratios";
import type { RatioLookup } from "../token-ratio";
import type { LatencyTable, QualityTable, WhatIfCatalog } from "../whatif-inputs";
import { latencyFromSamples, qualityFromRuns, ratioPairsFromRuns, type LatencySample, type LatestRun, type RatioPair } from "./benchmark-measurements";
import { loadWhatIfCatalog } from "./load-whatif-catalog";

/** Latency samples read at most (the latest runs of a few suites hold far fewer). */
export const MAX_LATENCY_SAMPLES = 200_000;

export interface WhatIfInputs {
  catalog: WhatIfCatalog;
  suiteIds: ReadonlySet<string>;
  quality: QualityTable;
  latency: LatencyTable;
  ratios: RatioLookup;
  /** The runs the measurements come from. */
  runs: { runId: string; suiteId: string; model: string }[];
  ratioPairs: { sourceModel: string; targetModel: string; suiteId: string }[];
  /** The measured pairs `ratios` is built from (plain data: a worker thread rebuilds the lookup from them). */
  measuredPairs: RatioPair[];
}

export async function loadWhatIfInputs(db: DbClient, orgId: string): Promise<WhatIfInputs> {
  const [{ catalog, suiteIds }, runs] = await Promise.all([loadWhatIfCatalog(db, orgId), loadLatestRuns(db, orgId)]);
  const samples = runs.length === 0 ? [] : await db.$queryRaw<LatencySample[]>`
    SELECT run_id AS "runId", ttft_ms AS "ttftMs", output_tokens_per_sec AS "outputTokensPerSec"
    FROM benchmark_result
    WHERE run_id = ANY(${runs.map((r) => r.runId)}::text[]) AND error_class IS NULL AND ttft_ms IS NOT NULL
    ORDER BY run_id, id
    LIMIT ${MAX_LATENCY_SAMPLES}`;
  const pairs: RatioPair[] = ratioPairsFromRuns(runs);
  return {
    catalog,
    suiteIds,
    quality: qualityFromRuns(runs),
    latency: latencyFromSamples(runs, samples),
    ratios: tokenRatioLookup(pairs),
    runs: runs.map(({ runId, suiteId, model }) => ({ runId, suiteId, model })),
    ratioPairs: pairs.map(({ sourceModel, targetModel, suiteId }) => ({ sourceModel, targetModel, suiteId })),
    measuredPairs: pairs,
  };
}

/** Only the catalog and the token ratios (what re-pricing reads), without the latency samples. */
export async function loadRepriceInputs(db: DbClient, orgId: string): Promise<Pick<WhatIfInputs, "catalog" | "ratios">> {
  const [{ catalog }, runs] = await Promise.all([loadWhatIfCatalog(db, orgId), loadLatestRuns(db, orgId)]);
  return { catalog, ratios: tokenRatioLookup(ratioPairsFromRuns(runs)) };
}

async function loadLatestRuns(db: DbClient, orgId: string): Promise<LatestRun[]> {
  return db.$queryRaw<LatestRun[]>`
    SELECT DISTINCT ON (r.suite_id, r.target_id) r.id AS "runId", r.suite_id AS "suiteId", t.model_alias AS model, r.summary
    FROM benchmark_run r JOIN benchmark_target t ON t.id = r.target_id
    WHERE r.org_id = ${orgId} AND r.status = 'succeeded' AND r.summary IS NOT NULL
    ORDER BY r.suite_id, r.target_id, r.finished_at DESC NULLS LAST, r.created_at DESC, r.id DESC`;
}
