// Routing policies: listed and read by every role (each sees the org's
// policies and those of the projects it sees), edited by owners, admins and
// engineers. An org-wide policy routes every project's traffic, so only
// owners and admins edit those; engineers edit their projects' policies.
// A policy is validated whole against the org's catalog before anything is
// written (422 naming the rule and field), every change is audited, and the
// proxies are told to rebuild the org's compiled routing.
import type { Redis } from "ioredis";
import { ORG_ADMINS, ORG_WIDE_ROLES, type Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../http/app-error";
import { findAccessibleProject } from "../projects/find-accessible-project";
import { projectAccessWhere } from "../projects/project-access";
import { loadRoutingCatalog } from "./load-routing-catalog";
import { policyInputSchema, type PolicyInput, type PolicyUpdate, type RoutingRule } from "./policy-schema";
import { publishRoutingChange } from "./publish-routing-change";
import { validatePolicy, type PolicyIssue } from "./validate-policy";

export { policyInputSchema, policyUpdateSchema } from "./policy-schema";

const policySelect = {
  id: true, name: true, projectId: true, priority: true, enabled: true, mode: true, rules: true, sourceScenarioId: true, sourceResultId: true, createdAt: true, updatedAt: true,
  project: { select: { name: true } },
} as const;

const MAX_DETAILS = 200;

type PolicyRow = Prisma.RoutingPolicyGetPayload<{ select: typeof policySelect }>;

function toPublic({ project, ...p }: PolicyRow) {
  return { ...p, projectName: project?.name ?? null };
}

function visibleWhere(principal: Principal): Prisma.RoutingPolicyWhereInput {
  if (ORG_WIDE_ROLES.includes(principal.role)) return { orgId: principal.orgId };
  return { orgId: principal.orgId, OR: [{ projectId: null }, { project: projectAccessWhere(principal) }] };
}

export async function listRoutingPolicies(db: DbClient, principal: Principal) {
  const rows = await db.routingPolicy.findMany({ where: visibleWhere(principal), orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }], select: policySelect });
  return rows.map(toPublic);
}

async function findVisible(db: DbClient, principal: Principal, policyId: string): Promise<PolicyRow> {
  const row = await db.routingPolicy.findFirst({ where: { AND: [{ id: policyId }, visibleWhere(principal)] }, select: policySelect });
  if (!row) throw new AppError("not_found", "No such routing policy");
  return row;
}

export async function getRoutingPolicy(db: DbClient, principal: Principal, policyId: string) {
  return toPublic(await findVisible(db, principal, policyId));
}

/** Where a policy came from, when not written by hand (a what-if scenario result applied as routing). */
export interface PolicySource {
  sourceScenarioId: string;
  sourceResultId: string;
}

export async function createRoutingPolicy(db: DbClient, redis: Redis, principal: Principal, input: PolicyInput, requestId?: string, source?: PolicySource) {
  const projectId = input.projectId ?? null;
  await assertMayEditScope(db, principal, projectId);
  await assertValid(db, principal, { projectId, rules: input.rules });
  const row = await db.$transaction(async (tx) => {
    const created = await tx.routingPolicy.create({
      data: {
        orgId: principal.orgId, projectId, name: input.name, priority: input.priority, enabled: input.enabled, mode: input.mode, rules: input.rules as unknown as Prisma.InputJsonValue,
        ...(source ? { sourceScenarioId: source.sourceScenarioId, sourceResultId: source.sourceResultId } : {}),
      },
      select: policySelect,
    });
    await recordAudit(tx, principal, { action: "routing_policy.create", entityType: "routing_policy", entityId: created.id, after: toPublic(created), requestId });
    return created;
  });
  await publishRoutingChange(redis, principal.orgId);
  return toPublic(row);
}

export async function updateRoutingPolicy(db: DbClient, redis: Redis, principal: Principal, policyId: string, patch: PolicyUpdate, requestId?: string) {
  const before = await findVisible(db, principal, policyId);
  await assertMayEditScope(db, principal, before.projectId);
  const projectId = patch.projectId === undefined ? before.projectId : patch.projectId;
  if (projectId !== before.projectId) await assertMayEditScope(db, principal, projectId);
  // Re-validated whenever the change could make a broken policy route traffic; disabling, renaming or
  // reordering a policy whose model has since left the catalog is never blocked.
  const becomesLive = (patch.enabled === true && !before.enabled) || (patch.mode === "enforce" && before.mode === "shadow");
  if (patch.rules || projectId !== before.projectId || becomesLive) {
    await assertValid(db, principal, { projectId, rules: patch.rules ?? storedRules(before.rules) });
  }
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.routingPolicy.update({
      where: { id: policyId },
      data: {
        name: patch.name, priority: patch.priority, enabled: patch.enabled, mode: patch.mode, projectId,
        ...(patch.rules ? { rules: patch.rules as unknown as Prisma.InputJsonValue } : {}),
      },
      select: policySelect,
    });
    await recordAudit(tx, principal, { action: "routing_policy.update", entityType: "routing_policy", entityId: policyId, before: toPublic(before), after: toPublic(updated), requestId });
    return updated;
  });
  await publishRoutingChange(redis, principal.orgId);
  return toPublic(row);
}

export async function deleteRoutingPolicy(db: DbClient, redis: Redis, principal: Principal, policyId: string, requestId?: string) {
  const before = await findVisible(db, principal, policyId);
  await assertMayEditScope(db, principal, before.projectId);
  await db.$transaction(async (tx) => {
    await tx.routingPolicy.delete({ where: { id: policyId } });
    await recordAudit(tx, principal, { action: "routing_policy.delete", entityType: "routing_policy", entityId: policyId, before: toPublic(before), requestId });
  });
  await publishRoutingChange(redis, principal.orgId);
  return { id: policyId, deleted: true };
}

async function assertMayEditScope(db: DbClient, principal: Principal, projectId: string | null): Promise<void> {
  if (projectId === null) {
    if (!ORG_ADMINS.includes(principal.role)) {
      throw new AppError("forbidden", "Org-wide routing policies route every project's traffic: owners and admins edit them; give projectId to edit one of your projects' policies");
    }
    return;
  }
  await findAccessibleProject(db, principal, projectId);
}

/** Rules stored before: parsed again, as they must still be valid to be kept. */
function storedRules(rules: unknown): RoutingRule[] {
  const parsed = policyInputSchema.shape.rules.safeParse(rules);
  if (!parsed.success) throw new AppError("validation_failed", "rules: the stored rules are no longer valid; send the policy's rules again", [{ field: "rules", message: parsed.error.issues[0]?.message ?? "invalid" }]);
  return parsed.data;
}

async function assertValid(db: DbClient, principal: Principal, policy: { projectId: string | null; rules: RoutingRule[] }): Promise<void> {
  const catalog = await loadRoutingCatalog(db, principal.orgId);
  const issues = [...(await referenceIssues(db, principal, policy.rules)), ...validatePolicy(policy, catalog)];
  if (issues.length === 0) return;
  const details = issues
    .sort((a, b) => (a.path[1] as number) - (b.path[1] as number))
    .slice(0, MAX_DETAILS)
    .map((i) => ({ field: i.path.join("."), message: i.message, ruleId: i.ruleId }));
  throw new AppError("validation_failed", `${details[0]!.field}: ${details[0]!.message}`, details);
}

/** Project and key ids a rule matches on must be ones this principal can see in the org (an unseen one reads as unknown). */
async function referenceIssues(db: DbClient, principal: Principal, rules: RoutingRule[]): Promise<PolicyIssue[]> {
  const projectIds = [...new Set(rules.flatMap((r) => r.match.projectIds ?? []))];
  const keyIds = [...new Set(rules.flatMap((r) => r.match.apiKeyIds ?? []))];
  const projectScope: Prisma.ProjectWhereInput = { AND: [{ orgId: principal.orgId }, projectAccessWhere(principal)] };
  const [projects, keys] = await Promise.all([
    projectIds.length ? db.project.findMany({ where: { AND: [{ id: { in: projectIds } }, projectScope] }, select: { id: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { id: { in: keyIds }, project: projectScope }, select: { id: true } }) : [],
  ]);
  const knownProjects = new Set(projects.map((p) => p.id));
  const knownKeys = new Set(keys.map((k) => k.id));
  const issues: PolicyIssue[] = [];
  rules.forEach((rule, i) => {
    rule.match.projectIds?.forEach((id, j) => {
      if (!knownProjects.has(id)) issues.push({ path: ["rules", i, "match", "projectIds", j], message: `rule "${rule.id}": no project "${id}" in this org`, ruleId: rule.id });
    });
    rule.match.apiKeyIds?.forEach((id, j) => {
      if (!knownKeys.has(id)) issues.push({ path: ["rules", i, "match", "apiKeyIds", j], message: `rule "${rule.id}": no API key "${id}" in this org`, ruleId: rule.id });
    });
  });
  return issues;
}
