// The demo's what-if scenario, through the path real ones take: created by
// createScenario (checked against the catalog, audited) and run by
// startScenarioRun (a queued result the worker computes). Only when the demo
// org has no scenario yet, so a restart, or a scenario someone made, is left
// alone. The traffic it replays is the demo's synthetic ledger, and its name
// says so.
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { createScenario } from "../whatif/io/manage-scenarios";
import { startScenarioRun } from "../whatif/io/start-scenario-run";
import { scenarioSchema, type Scenario } from "../whatif/scenario-schema";
import { DEMO_ORG } from "./demo-projects";

export const DEMO_WHATIF_NAME = "Premium chat to economy (demo, synthetic traffic)";
const DAYS = 30;
const HOUR_MS = 3_600_000;

/** The demo scenario over the 30 days before `now`'s hour: premium chat to an economy model, long mid-tier prompts to a cheaper one, search re-ranking on the local model with a cloud burst. */
export function demoWhatIfScenario(now: Date): Scenario {
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const from = new Date(to.getTime() - DAYS * 24 * HOUR_MS);
  return scenarioSchema.parse({
    name: DEMO_WHATIF_NAME,
    range: { from: from.toISOString(), to: to.toISOString() },
    rules: [
      { name: "Premium chat to gpt-5-mini", match: { tiers: ["premium"], endpoints: ["chat.completions"] }, sharePercent: 60, target: { model: "gpt-5-mini" } },
      { name: "Long mid-tier prompts to DeepSeek", match: { tiers: ["mid"], minInputTokens: 2048 }, sharePercent: 30, target: { model: "deepseek-v3.2-exp" } },
      { name: "Search re-ranking on the local model", match: { tags: ["team:search"], requestedModels: ["gpt-5-nano"] }, sharePercent: 50, target: { model: "qwen-0.6b" } },
    ],
    // A small box for the local model: 0.0015 requests/s (about 5 an hour), so the busiest hours spill to the cloud.
    localBurst: { localModel: "qwen-0.6b", capacityRps: 0.0015, hourlyCostUsd: "0.01", cloudModel: "gpt-5-nano" },
  });
}

async function demoPrincipal(db: DbClient): Promise<Principal | null> {
  const org = await db.org.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  return org ? { kind: "token", actor: "system:demo", userId: null, email: null, orgId: org.id, role: "owner" } : null;
}

/** Creates and runs the demo scenario when the demo org has none; the worker computes the result. */
export async function startDemoWhatIf(db: DbClient, redis: Redis, now = new Date()): Promise<{ scenarioId: string; resultId: string } | null> {
  const principal = await demoPrincipal(db);
  if (!principal || (await db.scenario.count({ where: { orgId: principal.orgId } })) > 0) return null;
  const scenario = await createScenario(db, principal, demoWhatIfScenario(now));
  const run = await startScenarioRun(db, redis, principal, scenario.id);
  return { scenarioId: scenario.id, resultId: run.resultId };
}
