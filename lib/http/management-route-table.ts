// The management API's paths and methods, for the web server to answer an
// unknown path (404) or method (405) in the API's JSON error shape before
// Next would answer with an HTML page or an empty 405. Kept small so the
// server need not load the route modules; tests/unit/openapi.test.ts checks
// it against the route modules on disk.
export const MANAGEMENT_API_PREFIX = "/api/manage/v1";

export const managementRouteTable: Record<string, readonly string[]> = {
  "/alerts": ["GET"],
  "/alerts/read": ["POST"],
  "/audit": ["GET"],
  "/benchmarks/runs": ["GET", "POST"],
  "/benchmarks/runs/{runId}": ["GET"],
  "/benchmarks/runs/{runId}/adopt-price": ["POST"],
  "/benchmarks/runs/{runId}/cancel": ["POST"],
  "/benchmarks/runs/{runId}/results": ["GET"],
  "/benchmarks/schedules": ["GET", "POST"],
  "/benchmarks/schedules/{scheduleId}": ["PATCH", "DELETE"],
  "/benchmarks/suites": ["GET", "POST"],
  "/benchmarks/suites/import": ["POST"],
  "/benchmarks/suites/starters": ["POST"],
  "/benchmarks/suites/{suiteId}": ["GET", "PATCH", "DELETE"],
  "/benchmarks/suites/{suiteId}/export": ["GET"],
  "/budgets": ["GET", "POST"],
  "/budgets/{budgetId}": ["GET", "PUT", "DELETE"],
  "/channels": ["GET", "POST"],
  "/channels/{channelId}": ["DELETE"],
  "/exports/focus": ["GET"],
  "/keys/{keyId}": ["GET", "PATCH", "DELETE"],
  "/me": ["GET"],
  "/members": ["GET", "POST"],
  "/members/{userId}": ["PATCH", "DELETE"],
  "/models": ["GET", "POST"],
  "/models/{modelId}": ["PATCH"],
  "/models/{modelId}/prices": ["POST"],
  "/openapi.json": ["GET"],
  "/prices": ["GET", "POST"],
  "/projects": ["GET", "POST"],
  "/projects/{projectId}/keys": ["GET", "POST"],
  "/projects/{projectId}/members": ["GET", "POST"],
  "/projects/{projectId}/members/{userId}": ["DELETE"],
  "/providers": ["GET", "POST"],
  "/providers/{providerId}": ["PATCH", "DELETE"],
  "/rate-limits": ["GET", "POST"],
  "/rate-limits/{policyId}": ["DELETE"],
  "/routing/policies": ["GET", "POST"],
  "/routing/policies/{policyId}": ["GET", "PATCH", "DELETE"],
  "/routing/stats": ["GET"],
  "/routing/test": ["POST"],
  "/spend/model": ["GET"],
  "/spend/overview": ["GET"],
  "/tokens": ["GET", "POST"],
  "/tokens/{tokenId}": ["DELETE"],
  "/usage/dead-letters": ["GET"],
  "/usage/dead-letters/replay": ["POST"],
  "/usage/events": ["GET"],
  "/usage/events/{eventId}": ["GET"],
  "/whatif/results/{resultId}": ["GET"],
  "/whatif/scenarios": ["GET", "POST"],
  "/whatif/scenarios/{scenarioId}": ["GET", "DELETE"],
  "/whatif/scenarios/{scenarioId}/apply": ["POST"],
  "/whatif/scenarios/{scenarioId}/outcome": ["GET"],
  "/whatif/prediction-checks": ["GET"],
  "/prices/public": ["GET"],
  "/prices/public/apply": ["POST"],
  "/whatif/recommendations": ["GET"],
  "/prices/imports": ["GET"],
  "/prices/imports/check": ["POST"],
  "/prices/imports/{importId}": ["GET"],
  "/prices/imports/{importId}/apply": ["POST"],
  "/prices/imports/{importId}/dismiss": ["POST"],
  "/whatif/scenarios/{scenarioId}/run": ["POST"],
};

// Fewer parameters first: a static segment (/suites/import) wins over a parameter (/suites/{suiteId}), as in Next.
const paramCount = (path: string) => (path.match(/\{/g) ?? []).length;
const compiled = Object.entries(managementRouteTable)
  .sort(([a], [b]) => paramCount(a) - paramCount(b))
  .map(([path, methods]) => ({
    pattern: new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
    methods,
  }));

export type ManagementRouteMatch = { kind: "ok" } | { kind: "unknown_path" } | { kind: "wrong_method"; allow: readonly string[] };

/** `pathname` is under MANAGEMENT_API_PREFIX. HEAD and OPTIONS are answered by Next for every route. */
export function matchManagementRoute(method: string, pathname: string): ManagementRouteMatch {
  const rest = pathname.slice(MANAGEMENT_API_PREFIX.length).replace(/\/$/, "") || "/";
  const route = compiled.find((r) => r.pattern.test(rest));
  if (!route) return { kind: "unknown_path" };
  const m = method.toUpperCase();
  if (m === "OPTIONS" || route.methods.includes(m) || (m === "HEAD" && route.methods.includes("GET"))) return { kind: "ok" };
  return { kind: "wrong_method", allow: route.methods };
}
