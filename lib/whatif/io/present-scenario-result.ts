// A scenario result as the API shows it: money as exact decimal strings
// with 9 places (nano-dollars), never a float; the details only when one
// result is read.
import type { Prisma } from "@/lib/generated/prisma/client";

export const resultSummarySelect = {
  id: true, scenarioId: true, status: true, progress: true, error: true,
  baselineCostUsd: true, simulatedCostUsd: true, simulatedLowCostUsd: true, simulatedHighCostUsd: true, qualityDelta: true, latencyDeltaMs: true,
  createdById: true, createdAt: true, startedAt: true, computedAt: true,
} satisfies Prisma.ScenarioResultSelect;

type SummaryRow = Prisma.ScenarioResultGetPayload<{ select: typeof resultSummarySelect }>;

const usd = (d: { toFixed(dp: number): string } | null) => (d === null ? null : d.toFixed(9));

export function presentResultSummary(r: SummaryRow) {
  const baseline = usd(r.baselineCostUsd), simulated = usd(r.simulatedCostUsd);
  return {
    ...r,
    baselineCostUsd: baseline,
    simulatedCostUsd: simulated,
    simulatedLowCostUsd: usd(r.simulatedLowCostUsd),
    simulatedHighCostUsd: usd(r.simulatedHighCostUsd),
    qualityDelta: r.qualityDelta === null ? null : r.qualityDelta.toFixed(4),
  };
}
