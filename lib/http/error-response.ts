import { z } from "zod";
import { Prisma } from "../generated/prisma/client";
import { getLogger } from "../log/logger";
import { AppError } from "./app-error";

/** Maps any thrown value to the management API's error response. A 500 never leaks internals. */
export function errorResponse(error: unknown, requestId: string): Response {
  const appError = toAppError(error);
  if (appError.code === "internal") {
    getLogger().error({ requestId, err: error }, "unhandled error");
  }
  return Response.json(
    { error: { code: appError.code, message: appError.message, details: appError.details, requestId } },
    { status: appError.status, headers: { "x-request-id": requestId } },
  );
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || "body";
    return new AppError(
      "validation_failed",
      `${field}: ${issue?.message ?? "invalid"}`,
      error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    );
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return uniqueConflict(error);
  return new AppError("internal", "Internal error");
}

/** A unique constraint a check did not catch (or a race between two creates): 409 naming the fields, nothing else of the database. */
function uniqueConflict(error: Prisma.PrismaClientKnownRequestError): AppError {
  const model = typeof error.meta?.modelName === "string" ? error.meta.modelName : undefined;
  const fields = model ? uniqueFields(model, error.meta) : [];
  const what = model ? model.replace(/(?<=[a-z])(?=[A-Z])/g, " ").toLowerCase() : "record";
  if (!fields.length) return new AppError("conflict", `A ${what} with these values already exists`);
  return new AppError("conflict", `A ${what} with the same ${fields.join(", ")} already exists`, { fields });
}

/**
 * The Prisma field names of the violated unique index. Driver adapters (Prisma 7) report only the
 * index name (`<table>_<column>_<column>_key`), so it is read back against the model's columns.
 */
export function uniqueFields(model: string, meta: Record<string, unknown> | undefined): string[] {
  if (Array.isArray(meta?.target)) return meta.target.map(String);
  const cause = (meta?.driverAdapterError as { cause?: { table?: unknown; constraint?: { index?: unknown; fields?: unknown } } } | undefined)?.cause;
  if (Array.isArray(cause?.constraint?.fields)) return cause.constraint.fields.map(String);
  const index = cause?.constraint?.index;
  const table = cause?.table;
  const scalars = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
  if (typeof index !== "string" || typeof table !== "string" || !scalars || !index.startsWith(`${table}_`) || !index.endsWith("_key")) return [];
  const columns = Object.keys(scalars).map((field) => ({ field, column: field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) })).sort((a, b) => b.column.length - a.column.length);
  let rest = index.slice(table.length + 1, -"_key".length);
  const fields: string[] = [];
  while (rest) {
    const next = columns.find((c) => rest === c.column || rest.startsWith(`${c.column}_`));
    if (!next) return [];
    fields.push(next.field);
    rest = rest.slice(next.column.length + 1);
  }
  return fields;
}
