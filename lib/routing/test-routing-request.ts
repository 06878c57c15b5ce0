// "Test a request": which rule a request body would match, the models it
// would try in order, and the ones skipped and why, decided exactly as the
// proxy decides (decideRoute over the org's compiled policies and catalog),
// without calling any upstream. Shadow decisions are shown beside it.
import { randomUUID } from "node:crypto";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { findAccessibleProject } from "../projects/find-accessible-project";
import { projectAccessWhere } from "../projects/project-access";
import { effectiveTags } from "../proxy/effective-tags";
import { classifyComplexity } from "./classify-complexity";
import { compilePolicies } from "./compile-policies";
import { decideRoute } from "./decide-route";
import { describeRouteRequest } from "./describe-route-request";
import { loadRoutingCatalog } from "./load-routing-catalog";
import { loadRoutingPolicies } from "./load-routing-policies";
import type { RouteTestInput } from "./route-test-schema";

export { routeTestSchema } from "./route-test-schema";

export async function testRoutingRequest(db: DbClient, principal: Principal, input: RouteTestInput) {
  if (typeof input.body.model !== "string" || input.body.model === "") throw new AppError("validation_failed", "body.model: the request body needs a model", [{ field: "body.model", message: "required" }]);
  const { fixedTags, ...caller } = await resolveCaller(db, principal, input);
  // The key's fixed tags apply as the proxy applies them: a test cannot claim a tag the key's requests could not.
  const tags = effectiveTags(input.tags, fixedTags);
  const [catalog, policies] = await Promise.all([loadRoutingCatalog(db, principal.orgId), loadRoutingPolicies(db, principal.orgId)]);
  const compiled = compilePolicies(policies, catalog);
  const complexity = classifyComplexity(input.body);
  const request = {
    ...describeRouteRequest(input.body, {
      requestId: input.requestId ?? randomUUID(), ...caller, tags, endpoint: input.endpoint, sessionId: input.sessionId, estimatedInputTokens: input.estimatedInputTokens,
    }),
    complexity: complexity.band,
  };
  const state = { localInFlight: input.state?.localInFlight, burstActive: input.state?.burstActive, cooledDown: new Set(input.state?.cooledDown ?? []) };
  const { enforced, shadow } = decideRoute(compiled, request, state);
  return {
    request: {
      projectId: request.projectId, apiKeyId: request.apiKeyId || null, model: request.model, endpoint: request.endpoint,
      tags, estimatedInputTokens: request.estimatedInputTokens, requestedOutputTokens: request.requestedOutputTokens,
      needs: request.needs, stream: request.stream, complexity,
    },
    decision: enforced,
    shadow,
    problems: compiled.problems,
  };
}

/** The project (and key) the test request comes from; a key's project wins, and must agree with projectId when both are given. */
async function resolveCaller(db: DbClient, principal: Principal, input: RouteTestInput): Promise<{ projectId: string; apiKeyId: string; fixedTags: readonly string[] }> {
  if (!input.apiKeyId) return { projectId: (await findAccessibleProject(db, principal, input.projectId!)).id, apiKeyId: "", fixedTags: [] };
  const key = await db.apiKey.findFirst({
    where: { id: input.apiKeyId, project: { AND: [{ orgId: principal.orgId, archivedAt: null }, projectAccessWhere(principal)] } },
    select: { id: true, projectId: true, fixedTags: true },
  });
  if (!key) throw new AppError("not_found", "No such API key");
  if (input.projectId && input.projectId !== key.projectId) throw new AppError("validation_failed", "projectId: the API key belongs to another project", [{ field: "projectId", message: "the API key belongs to another project" }]);
  return { projectId: key.projectId, apiKeyId: key.id, fixedTags: key.fixedTags };
}
