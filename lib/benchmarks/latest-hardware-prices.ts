// For the models page: each local model's effective $/1M output tokens as
// its latest finished benchmark run measured it (hardware $/h over measured
// throughput and utilisation), beside the price version in effect.
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import type { HardwarePrice } from "./record-hardware-price";

export interface MeasuredHardwarePrice extends HardwarePrice {
  runId: string;
  finishedAt: Date | null;
}

export async function latestHardwarePrices(db: DbClient, principal: Pick<Principal, "orgId">, aliases: string[]): Promise<Map<string, MeasuredHardwarePrice>> {
  const prices = new Map<string, MeasuredHardwarePrice>();
  if (aliases.length === 0) return prices;
  // Newest first; the first run per model that measured a hardware price wins.
  const runs = await db.benchmarkRun.findMany({
    where: { orgId: principal.orgId, status: "succeeded", target: { modelAlias: { in: aliases } } },
    orderBy: { finishedAt: "desc" },
    take: 200,
    select: { id: true, finishedAt: true, summary: true, target: { select: { modelAlias: true } } },
  });
  for (const run of runs) {
    const hardware = (run.summary as { hardwarePrice?: HardwarePrice | null } | null)?.hardwarePrice;
    if (!hardware?.outputPerMTokUsd || prices.has(run.target.modelAlias)) continue;
    prices.set(run.target.modelAlias, { ...hardware, runId: run.id, finishedAt: run.finishedAt });
  }
  return prices;
}
