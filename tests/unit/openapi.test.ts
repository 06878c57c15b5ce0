// The OpenAPI document covers every management route on disk, each through
// withRoute, with its roles and the zod schemas that validate it.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { managementRoutes } from "../../app/api/manage/v1/route-registry";
import { buildOpenApi, listOperations } from "../../lib/http/build-openapi";
import { managementRouteTable, matchManagementRoute } from "../../lib/http/management-route-table";

const root = path.resolve(import.meta.dirname, "../../app/api/manage/v1");

function routesOnDisk(dir = root, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return routesOnDisk(path.join(dir, e.name), `${prefix}/${e.name}`);
    return e.name === "route.ts" ? [prefix.replace(/\[(\w+)\]/g, "{$1}") || "/"] : [];
  });
}

describe("OpenAPI document", () => {
  it("lists every route module on disk (the document's own route aside)", () => {
    expect(Object.keys(managementRoutes).sort()).toEqual(routesOnDisk().filter((p) => p !== "/openapi.json").sort());
  });

  it("documents every operation with its roles, parameters and request schemas", () => {
    const ops = listOperations(managementRoutes);
    expect(ops.length).toBeGreaterThan(30);
    const doc = buildOpenApi(managementRoutes) as { openapi: string; paths: Record<string, Record<string, { "x-roles": string[]; parameters: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> } }>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const op of ops) expect(doc.paths[op.path]![op.method.toLowerCase()]!["x-roles"]).toEqual(op.roles);
    const createBudget = doc.paths["/budgets"]!.post!;
    expect(createBudget["x-roles"]).toEqual(["owner", "admin", "finance"]);
    const budgetSchema = createBudget.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(budgetSchema.properties!)).toEqual(expect.arrayContaining(["name", "scope", "period", "amountUsd", "mode", "thresholds", "breachAction"]));
    expect(budgetSchema.required).toEqual(expect.arrayContaining(["name", "scope", "period", "amountUsd"]));
    expect(doc.paths["/budgets/{budgetId}"]!.delete!.parameters).toEqual([{ name: "budgetId", in: "path", required: true, schema: { type: "string" } }]);
    expect(doc.paths["/usage/events"]!.get!.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["from", "to", "projectId", "model", "cursor", "limit"]));
  });

  it("lists every path and method in the web server's route table (unknown ones get JSON 404 / 405)", () => {
    const fromModules: Record<string, string[]> = { "/openapi.json": ["GET"] };
    for (const op of listOperations(managementRoutes)) (fromModules[op.path] ??= []).push(op.method);
    const sorted = (table: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(table).map(([p, m]) => [p, [...m].sort()]).sort());
    expect(sorted(managementRouteTable), "update lib/http/management-route-table.ts").toEqual(sorted(fromModules));
    expect(matchManagementRoute("DELETE", "/api/manage/v1/budgets/b1")).toEqual({ kind: "ok" });
    expect(matchManagementRoute("PATCH", "/api/manage/v1/budgets/b1")).toEqual({ kind: "wrong_method", allow: ["GET", "PUT", "DELETE"] });
    expect(matchManagementRoute("GET", "/api/manage/v1/budgets/b1/extra")).toEqual({ kind: "unknown_path" });
    expect(matchManagementRoute("HEAD", "/api/manage/v1/me")).toEqual({ kind: "ok" });
  });
});
