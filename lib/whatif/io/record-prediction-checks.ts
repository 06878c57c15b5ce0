// Keeps each applied scenario's prediction error (prediction-error.ts): for
// every policy applied from a scenario result, in every org, the saving the
// result predicted against the one observed since the apply, one row per
// policy, side and UTC day (a second check the same day replaces the first,
// so a repeated or retried job adds nothing). Run by the worker on a
// schedule (workers/whatif-jobs.ts); reads the outcome the scenario page
// shows (read-applied-outcome.ts), so both say the same thing.
import type { DbClient } from "@/lib/db/create-db-client";
import { predictionChecks } from "../prediction-error";
import { outcomeOfScenario } from "./read-applied-outcome";

export async function recordPredictionChecks(db: DbClient, now = new Date()): Promise<{ scenarios: number; checks: number }> {
  const day = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const scenarios = await db.scenario.findMany({
    where: { appliedPolicies: { some: {} } },
    select: { id: true, orgId: true, name: true, orgWide: true, projectIds: true, rules: true },
    orderBy: { id: "asc" },
  });
  let checks = 0;
  for (const scenario of scenarios) {
    const outcome = await outcomeOfScenario(db, scenario.orgId, scenario, now);
    for (const policy of outcome.policies) {
      if (!policy.resultId || !policy.scenarioPrediction) continue;
      const predicted = policy.scenarioPrediction.savingPercent;
      const figures = predictionChecks([
        { side: "enforced", requests: policy.enforced.requests, predictedSavingPercent: predicted, observedSavingPercent: policy.enforced.savingPercent },
        { side: "shadowed", requests: policy.shadowed.requests, predictedSavingPercent: predicted, observedSavingPercent: policy.shadowed.savingPercent },
      ]);
      for (const f of figures) {
        const values = {
          policyName: policy.policyName, scenarioName: scenario.name, resultId: policy.resultId, requests: f.requests,
          windowFrom: new Date(policy.window.from), windowTo: new Date(policy.window.to),
          predictedSavingPercent: f.predictedSavingPercent, observedSavingPercent: f.observedSavingPercent, errorPoints: f.errorPoints, checkedAt: now,
        };
        await db.predictionCheck.upsert({
          where: { policyId_side_day: { policyId: policy.policyId, side: f.side, day } },
          create: { orgId: scenario.orgId, policyId: policy.policyId, scenarioId: scenario.id, side: f.side, day, ...values },
          update: values,
        });
        checks++;
      }
    }
  }
  return { scenarios: scenarios.length, checks };
}
