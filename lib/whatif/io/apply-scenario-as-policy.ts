// Applies a succeeded scenario result as a routing policy, in shadow or
// enforce mode: the scenario and the result's resolved targets (the model
// each cheapestWhere rule chose) through scenarioToPolicy, then saved by the
// routing API's own createRoutingPolicy, so it is validated against the
// catalog (422 naming the rule and field), scoped (an org-wide policy needs an
// owner or admin), audited and published to the proxies. The policy row keeps
// the scenario and result it came from; one policy per result: a second apply
// is a 409 naming the first policy until that one is deleted (a unique index
// settles two applies racing).
// Roles: the route admits what-if runners. Shadow changes nothing a client
// sees, so finance may apply in shadow mode (the policy's scope rules still
// hold: an org-wide policy needs an owner or admin); enforce routes traffic,
// so it needs a routing editor (owner, admin, engineer): 403 otherwise. An
// engineer turns a shadow policy live on the Routing page. The scenario must
// be one the principal sees (else 404, as for one that does not exist).
import type { Redis } from "ioredis";
import { z } from "zod";
import { ROUTING_EDITORS, type Principal } from "@/lib/auth/principal";
import type { DbClient } from "@/lib/db/create-db-client";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/http/app-error";
import { priceInEffect } from "@/lib/pricing/price-in-effect";
import { createRoutingPolicy } from "@/lib/routing/manage-routing-policies";
import { policyInputSchema } from "@/lib/routing/policy-schema";
import { scenarioSchema } from "../scenario-schema";
import { scenarioToPolicy, ScenarioPolicyError, type PolicyWarning } from "../scenario-to-policy";
import { loadWhatIfCatalog } from "./load-whatif-catalog";
import { findVisibleScenario } from "./manage-scenarios";

export const applyScenarioBodySchema = z.strictObject({
  resultId: z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, "an id: letters, digits, _ and - only").describe("A succeeded result of this scenario"),
  mode: z.enum(["shadow", "enforce"]).describe("shadow: recorded on every request, changes nothing; enforce: routes the traffic"),
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional().describe("The policy's priority (default 0; lower is evaluated first)"),
});
export type ApplyScenarioBody = z.output<typeof applyScenarioBodySchema>;

export interface AppliedPolicy {
  policyId: string;
  policyName: string;
  mode: "shadow" | "enforce";
  projectId: string | null;
  priority: number;
  rules: number;
  scenarioId: string;
  resultId: string;
  warnings: PolicyWarning[];
}

// What the run stored per rule (describe-simulation.ts `targets`); the rest of the details is not needed here.
const storedTargetsSchema = z.object({ targets: z.array(z.object({ rule: z.number().int().min(0), target: z.string().nullable() })) });

/** Whether the principal may apply a scenario in enforce mode (any what-if runner may apply in shadow). */
export const mayEnforce = (principal: Pick<Principal, "role">) => ROUTING_EDITORS.includes(principal.role);

const invalid = (field: string, message: string) => new AppError("validation_failed", `${field}: ${message}`, [{ field, message }]);

export async function applyScenarioAsPolicy(db: DbClient, redis: Redis, principal: Principal, scenarioId: string, body: ApplyScenarioBody, requestId?: string): Promise<AppliedPolicy> {
  if (body.mode === "enforce" && !mayEnforce(principal)) {
    throw new AppError("forbidden", "Enforce routes traffic: owners, admins and engineers apply in enforce mode; apply in shadow mode and ask an engineer to turn it live");
  }
  const scenario = await findVisibleScenario(db, principal, scenarioId);
  const result = await db.scenarioResult.findFirst({
    where: { id: body.resultId, scenarioId: scenario.id },
    select: { id: true, status: true, details: true, appliedPolicy: { select: { id: true, name: true } } },
  });
  if (!result) throw invalid("resultId", "no result of this scenario has this id");
  if (result.status !== "succeeded") throw invalid("resultId", `the result is ${result.status}: only a succeeded result can be applied`);
  if (result.appliedPolicy) {
    const { id, name } = result.appliedPolicy;
    throw new AppError("conflict", `This result is already applied as routing policy "${name}" (${id}); delete that policy to apply it again`, { policyId: id, policyName: name });
  }
  const parsed = scenarioSchema.safeParse(scenario.rules);
  if (!parsed.success) throw new AppError("conflict", "This scenario was stored in an older shape and cannot be applied; create it again");
  const stored = storedTargetsSchema.safeParse(result.details);
  if (!stored.success) throw new AppError("conflict", "This result's details cannot be read; run the scenario again and apply the new result");
  const targets = parsed.data.rules.map((_, i) => stored.data.targets.find((t) => t.rule === i)?.target ?? null);

  const { catalog } = await loadWhatIfCatalog(db, principal.orgId);
  const now = new Date();
  let draft;
  try {
    draft = scenarioToPolicy({
      scenario: parsed.data,
      targets,
      catalog: [...catalog.values()].map((m) => ({ alias: m.alias, tier: m.tier, priced: priceInEffect(m.versions, now) !== undefined })),
      scope: { orgWide: scenario.orgWide, projectIds: scenario.projectIds },
      mode: body.mode,
      ...(body.priority !== undefined ? { priority: body.priority } : {}),
    });
  } catch (error) {
    if (error instanceof ScenarioPolicyError) throw invalid(error.field, error.message.slice(error.field.length + 2));
    throw error;
  }

  try {
    const policy = await createRoutingPolicy(db, redis, principal, policyInputSchema.parse(draft.policy), requestId, { sourceScenarioId: scenario.id, sourceResultId: result.id });
    return {
      policyId: policy.id, policyName: policy.name, mode: policy.mode, projectId: policy.projectId, priority: policy.priority,
      rules: draft.policy.rules.length, scenarioId: scenario.id, resultId: result.id, warnings: draft.warnings,
    };
  } catch (error) {
    // Another apply of the same result won the race.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const other = await db.routingPolicy.findFirst({ where: { sourceResultId: result.id }, select: { id: true, name: true } });
      throw new AppError("conflict", `This result is already applied as routing policy "${other?.name ?? "?"}" (${other?.id ?? "?"}); delete that policy to apply it again`, other ? { policyId: other.id, policyName: other.name } : undefined);
    }
    throw error;
  }
}
