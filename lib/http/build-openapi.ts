// The management API's OpenAPI 3.1 document, built from the route handlers'
// own metadata (withRoute): the zod schemas that validate each request are
// the schemas documented, and the roles allowed are listed per operation.
import { z } from "zod";
import type { RouteMeta } from "./with-route";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Handler = { route?: RouteMeta };

export interface ApiOperation {
  path: string;
  method: (typeof METHODS)[number];
  roles: readonly string[];
}

/** Every operation of the registry; throws if a handler was not made with withRoute. */
export function listOperations(registry: Record<string, Record<string, unknown>>): ApiOperation[] {
  const ops: ApiOperation[] = [];
  for (const [path, mod] of Object.entries(registry)) {
    for (const method of METHODS) {
      const handler = mod[method] as Handler | undefined;
      if (!handler) continue;
      if (!handler.route) throw new Error(`${method} ${path} is not wrapped in withRoute`);
      ops.push({ path, method, roles: handler.route.roles });
    }
  }
  return ops;
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message", "requestId"], properties: { code: { type: "string" }, message: { type: "string" }, details: {}, requestId: { type: "string" } } } },
};

export function buildOpenApi(registry: Record<string, Record<string, unknown>>, serverUrl = "/api/manage/v1") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of listOperations(registry)) {
    const meta = (registry[op.path]![op.method] as Handler).route!;
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const queryParams = meta.query ? queryParameters(meta.query) : [];
    const body = meta.body ? z.toJSONSchema(meta.body, { io: "input", unrepresentable: "any" }) : null;
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: `${op.method.toLowerCase()}${op.path.replace(/[{}]/g, "").split("/").map((p) => p.charAt(0).toUpperCase() + p.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())).join("")}`,
      "x-roles": meta.roles,
      parameters: [...pathParams, ...queryParams],
      ...(body ? { requestBody: { required: true, content: { "application/json": { schema: body } } } } : {}),
      responses: {
        [op.method === "POST" ? "201" : "200"]: { description: "OK", content: { "application/json": { schema: { type: "object", properties: { data: {} } } } } },
        ...Object.fromEntries(["400", "401", "403", "404", "409", "422"].map((s) => [s, { $ref: "#/components/responses/Error" }])),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Tollgate management API", version: "1", description: "Session cookie or `Authorization: Bearer tgm_...` management token. Each operation lists the roles allowed in `x-roles`." },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" }, session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" } },
      responses: { Error: { description: "Error", content: { "application/json": { schema: errorSchema } } } },
    },
    paths,
  };
}

function queryParameters(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: json.required?.includes(name) ?? false, schema: s }));
}
