// The demo's local model: `npm run up` serves the generated tiny model with
// the local runner and points the demo org at it, so a first request through
// the proxy gets a real answer with no key to paste. Written through the same
// lib/catalog functions the management API uses (audited as "system").
// Idempotent: a later start only moves the provider to the runner's new port;
// what an admin changed since (price, display name, a disabled provider) stays.
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { createModel, createModelSchema, listModels } from "../catalog/manage-models";
import { createProvider, listProviders, updateProvider } from "../catalog/manage-providers";
import type { DbClient } from "../db/create-db-client";
import { effectiveHardwarePricePerMTok } from "../benchmarks/metrics/effective-hardware-price";
import { DEMO_ORG } from "./demo-projects";

export const DEMO_LOCAL_MODEL = {
  alias: "local-tiny",
  providerName: "local-runner",
  displayName: "(demo) tiny local model — random weights, answers are gibberish",
  hourlyCostUsd: "0.20",
  expectedUtilisation: "0.5",
  // Stated, not measured: about what the tiny model did on one thread of a shared 2-core machine
  // (330-960 tokens/s). A benchmark run's measured throughput replaces it.
  assumedTokensPerSecond: 500,
  contextWindow: 4096,
  priceSource: "hardware estimate (demo)",
} as const;

/** Input is free (prompt evaluation is a small share of the machine's time); output carries the hardware's cost. */
export const demoLocalOutputPrice = () =>
  effectiveHardwarePricePerMTok({ hourlyCostUsd: DEMO_LOCAL_MODEL.hourlyCostUsd, outputTokensPerSec: DEMO_LOCAL_MODEL.assumedTokensPerSecond, utilisation: DEMO_LOCAL_MODEL.expectedUtilisation });

export type DemoLocalModelResult = { status: "no-demo-org" } | { status: "created" | "moved" | "unchanged"; alias: string };

export async function ensureDemoLocalModel(db: DbClient, redis: Redis, options: { baseUrl: string; upstreamModel: string; now?: Date }): Promise<DemoLocalModelResult> {
  const org = await db.org.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  if (!org) return { status: "no-demo-org" };
  const system: Principal = { kind: "user", actor: "system", userId: null, email: null, orgId: org.id, role: "owner" };

  let moved = false;
  let provider = (await listProviders(db, system)).find((p) => p.name === DEMO_LOCAL_MODEL.providerName);
  if (!provider) {
    provider = await createProvider(db, redis, system, { name: DEMO_LOCAL_MODEL.providerName, vendor: "llamacpp", kind: "local", baseUrl: options.baseUrl }, undefined);
  } else if (provider.baseUrl !== options.baseUrl) {
    await updateProvider(db, redis, system, provider.id, { baseUrl: options.baseUrl }, undefined);
    moved = true;
  }

  if ((await listModels(db, system)).some((m) => m.alias === DEMO_LOCAL_MODEL.alias)) return { status: moved ? "moved" : "unchanged", alias: DEMO_LOCAL_MODEL.alias };
  const input = createModelSchema.parse({
    alias: DEMO_LOCAL_MODEL.alias,
    displayName: DEMO_LOCAL_MODEL.displayName,
    contextWindow: DEMO_LOCAL_MODEL.contextWindow,
    deployments: [{ providerId: provider.id, upstreamModel: options.upstreamModel, hourlyCostUsd: DEMO_LOCAL_MODEL.hourlyCostUsd, expectedUtilisation: DEMO_LOCAL_MODEL.expectedUtilisation }],
    price: { effectiveFrom: (options.now ?? new Date()).toISOString(), input: "0", output: demoLocalOutputPrice(), source: DEMO_LOCAL_MODEL.priceSource },
  });
  await createModel(db, redis, system, input);
  return { status: "created", alias: DEMO_LOCAL_MODEL.alias };
}
