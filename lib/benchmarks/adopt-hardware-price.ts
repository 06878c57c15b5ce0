// Adopts a run's measured hardware price as the local model's price version
// from now on: input tokens free, output at the effective $/1M the run
// measured (the machine's $/h over its measured throughput and expected
// utilisation). Through the same price-version path as any price edit.
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { addModelPrice } from "../catalog/manage-models";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import type { HardwarePrice } from "./record-hardware-price";

export async function adoptHardwarePrice(db: DbClient, redis: Redis, principal: Principal, runId: string, requestId?: string, now = new Date()) {
  const run = await db.benchmarkRun.findFirst({ where: { id: runId, orgId: principal.orgId }, select: { id: true, status: true, summary: true, target: { select: { modelAlias: true } } } });
  if (!run) throw new AppError("not_found", "No such benchmark run");
  const hardware = (run.summary as { hardwarePrice?: HardwarePrice | null } | null)?.hardwarePrice;
  if (run.status !== "succeeded" || !hardware) throw new AppError("conflict", "This run measured no hardware price (it must be a finished run of a local deployment with an hourly cost)");
  const model = await db.model.findFirst({ where: { orgId: principal.orgId, alias: run.target.modelAlias }, select: { id: true } });
  if (!model) throw new AppError("not_found", `The model "${run.target.modelAlias}" is no longer in the catalog`);
  const source = `benchmark run ${run.id}: $${hardware.hourlyCostUsd}/h at ${hardware.utilisation} utilisation, ${hardware.outputTokensPerSec.toFixed(1)} output tokens/s measured`;
  return addModelPrice(db, redis, principal, model.id, { effectiveFrom: now.toISOString(), input: "0", cachedInput: null, cacheWrite: null, output: hardware.outputPerMTokUsd, reasoning: null, source: source.slice(0, 500) }, requestId);
}
