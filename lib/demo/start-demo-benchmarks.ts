// The demo's benchmarks, through the paths real ones take: the starter
// suites installed, the benchmarks project under a hard budget (a run can
// never run away), and on the first start two starter suites run for real
// against the demo's tiny local model (measured by the worker through the
// proxy; the model's random weights make its quality 0, its timing real).
// The cloud models cannot be called, so their runs are synthetic and marked
// so (seed-demo-benchmark-measurements.ts): they make recommendations appear.
import type { Redis } from "ioredis";
import type { Principal } from "../auth/principal";
import { ensureBenchmarkProject } from "../benchmarks/ensure-benchmark-project";
import { installStarterSuites } from "../benchmarks/install-starter-suites";
import { runConfigSchema } from "../benchmarks/run-config";
import { startBenchmarkRuns } from "../benchmarks/start-benchmark-runs";
import { budgetInputSchema } from "../budgets/budget-schemas";
import { createBudget } from "../budgets/save-budget";
import type { DbClient } from "../db/create-db-client";
import { DEMO_ORG } from "./demo-projects";
import { DEMO_LOCAL_MODEL } from "./ensure-demo-local-model";
import { DEMO_SYNTHETIC_TRIGGER, seedDemoBenchmarkMeasurements } from "./seed-demo-benchmark-measurements";

export const DEMO_BENCHMARK_BUDGET_USD = "5";
const DEMO_RUN_SUITES = ["classification", "tool-calling"];

async function demoPrincipal(db: DbClient): Promise<Principal | null> {
  const org = await db.org.findUnique({ where: { slug: DEMO_ORG.slug }, select: { id: true } });
  return org ? { kind: "token", actor: "system:demo", userId: null, email: null, orgId: org.id, role: "owner" } : null;
}

/** Before the web app starts: the starter suites, the synthetic cloud-model measurements, and the benchmarks project under its hard budget. */
export async function prepareDemoBenchmarks(db: DbClient, redis: Redis): Promise<void> {
  const principal = await demoPrincipal(db);
  if (!principal) return;
  await installStarterSuites(db, principal);
  await seedDemoBenchmarkMeasurements(db, principal);
  const project = await ensureBenchmarkProject(db, principal.orgId);
  if ((await db.budget.count({ where: { projectId: project.id } })) === 0) {
    await createBudget(db, redis, principal, budgetInputSchema.parse({ name: "Benchmarks (hard cap)", scope: "project", projectId: project.id, period: "month", amountUsd: DEMO_BENCHMARK_BUDGET_USD, mode: "hard", breachAction: "block" }));
  }
}

/** Once the proxy answers: on the demo's first start, two starter suites against the local model. */
export async function startDemoBenchmarkRuns(db: DbClient, redis: Redis): Promise<{ started: number }> {
  const principal = await demoPrincipal(db);
  if (!principal || (await db.benchmarkRun.count({ where: { orgId: principal.orgId, trigger: { not: DEMO_SYNTHETIC_TRIGGER } } })) > 0) return { started: 0 };
  const suites = await db.benchmarkSuite.findMany({ where: { orgId: principal.orgId, starterKey: { in: DEMO_RUN_SUITES } }, select: { id: true } });
  let started = 0;
  for (const suite of suites) {
    const config = runConfigSchema.parse({ profile: { kind: "concurrency", concurrency: 2 }, maxTokens: 48, warmupRequests: 1, costCapUsd: "0.50" });
    const { runs } = await startBenchmarkRuns(db, redis, principal, { suiteId: suite.id, models: [DEMO_LOCAL_MODEL.alias], config });
    started += runs.length;
  }
  return { started };
}
