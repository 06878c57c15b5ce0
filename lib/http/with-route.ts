// The one wrapper every management API route goes through: request id,
// authentication (session or management token), role check, zod validation
// of query and body, error mapping and an access log line.
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { Principal, Role } from "../auth/principal";
import { resolvePrincipal } from "../auth/resolve-principal";
import { loadWebSecurityEnv } from "../env/web-security-env";
import { getLogger } from "../log/logger";
import { AppError } from "./app-error";
import { checkSessionWrite } from "./check-session-write";
import { errorResponse } from "./error-response";
import { findUnstorableString, parseJsonBody } from "./parse-json-body";

export interface RouteContext<B, Q> {
  req: NextRequest;
  principal: Principal;
  body: B;
  query: Q;
  params: Record<string, string>;
  requestId: string;
}

interface RouteOptions<BS extends z.ZodType | undefined, QS extends z.ZodType | undefined> {
  roles: readonly Role[];
  body?: BS;
  query?: QS;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export function withRoute<BS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined>(
  options: RouteOptions<BS, QS>,
  handler: (ctx: RouteContext<Infer<BS>, Infer<QS>>) => Promise<unknown>,
) {
  const handle = async (req: NextRequest, context: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
    const started = performance.now();
    let status = 500;
    try {
      checkSessionWrite({ method: req.method, headers: req.headers, appUrl: loadWebSecurityEnv().NEXTAUTH_URL });
      const principal = await resolvePrincipal(req.headers.get("authorization"));
      if (!principal) throw new AppError("unauthorized", "Sign in or send a valid management token (Authorization: Bearer tgm_...)");
      if (!options.roles.includes(principal.role)) {
        throw new AppError("forbidden", `Your role (${principal.role}) cannot do this; it needs one of: ${options.roles.join(", ")}`);
      }
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
      // The query goes to Postgres as the body does: a NUL or lone surrogate is the client's 400, as parseJsonBody says for bodies.
      const badParam = options.query ? findUnstorableString(rawQuery) : null;
      if (badParam !== null) {
        const message = "contains a NUL character or an unpaired surrogate, which cannot be stored";
        throw new AppError("bad_request", `${badParam}: ${message}`, [{ field: badParam, message }]);
      }
      const query = options.query ? options.query.parse(rawQuery) : undefined;
      const body = options.body ? options.body.parse(await readJson(req)) : undefined;
      const params = (await context.params) ?? {};
      // An id Postgres cannot hold (NUL, a lone surrogate) names nothing that exists: 404 for every route, never a 500 from the query.
      const unstorable = findUnstorableString(params);
      if (unstorable !== null) throw new AppError("not_found", `No such ${unstorable || "resource"}: the id contains a character no id can hold`);
      const result = await handler({ req, principal, body: body as Infer<BS>, query: query as Infer<QS>, params, requestId });
      const response = result instanceof Response ? result : Response.json({ data: result }, { status: req.method === "POST" ? 201 : 200 });
      response.headers.set("x-request-id", requestId);
      status = response.status;
      return response;
    } catch (error) {
      const response = errorResponse(error, requestId);
      status = response.status;
      return response;
    } finally {
      getLogger().info({ requestId, method: req.method, path: req.nextUrl.pathname, status, ms: Math.round(performance.now() - started) }, "request");
    }
  };
  // What the OpenAPI document (lib/http/build-openapi.ts) and the role tests read: the same schemas that validate.
  return Object.assign(handle, { route: { roles: options.roles, body: options.body, query: options.query } as RouteMeta });
}

export interface RouteMeta {
  roles: readonly Role[];
  body?: z.ZodType;
  query?: z.ZodType;
}

async function readJson(req: NextRequest): Promise<unknown> {
  // The web server (lib/web/create-web-server.ts) has already refused bodies over TOLLGATE_MAX_WEB_BODY_BYTES.
  return parseJsonBody(await req.text());
}
