// A local model is priced by its machine, not by tokens: with the run's
// measured aggregate output throughput, the deployment's $/h and expected
// utilisation give an effective $/1M output tokens, recorded with the run
// so cloud prices and self-hosting compare on measured numbers.
import type { DbClient } from "../db/create-db-client";
import { effectiveHardwarePricePerMTok } from "./metrics/effective-hardware-price";

export interface HardwarePrice {
  deploymentId: string;
  hourlyCostUsd: string;
  utilisation: string;
  outputTokensPerSec: number;
  outputPerMTokUsd: string;
}

export async function recordHardwarePrice(db: DbClient, orgId: string, modelAlias: string, outputTokensPerSec: number | null): Promise<HardwarePrice | null> {
  if (!outputTokensPerSec || !Number.isFinite(outputTokensPerSec) || outputTokensPerSec <= 0) return null;
  const deployment = await db.deployment.findFirst({
    where: { model: { orgId, alias: modelAlias }, enabled: true, provider: { kind: "local", enabled: true }, hourlyCostUsd: { not: null } },
    orderBy: { priority: "asc" },
    select: { id: true, hourlyCostUsd: true, expectedUtilisation: true },
  });
  if (!deployment?.hourlyCostUsd) return null;
  const hourlyCostUsd = deployment.hourlyCostUsd.toFixed();
  const utilisation = deployment.expectedUtilisation?.toFixed() ?? "1";
  return {
    deploymentId: deployment.id,
    hourlyCostUsd,
    utilisation,
    outputTokensPerSec,
    outputPerMTokUsd: effectiveHardwarePricePerMTok({ hourlyCostUsd, utilisation, outputTokensPerSec }),
  };
}
