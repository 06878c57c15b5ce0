// Pages take their filters from the URL; a bad link shows what is wrong
// instead of failing the page.
import type { z } from "zod";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { AppError } from "../http/app-error";
import { resolveDashboardScope, type DashboardFilter, type DashboardScope } from "./dashboard-scope";

export type DashboardQueryResult<T> = { ok: true; query: T; scope: DashboardScope } | { ok: false; problem: string };

export async function resolveDashboardQuery<S extends z.ZodType<DashboardFilter>>(db: DbClient, principal: Principal, schema: S, raw: Record<string, string>): Promise<DashboardQueryResult<z.infer<S>>> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  try {
    return { ok: true, query: parsed.data, scope: await resolveDashboardScope(db, principal, parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, problem: error.message };
    throw error;
  }
}
