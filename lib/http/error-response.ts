import { z } from "zod";
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
  return new AppError("internal", "Internal error");
}
