// Which Postgres errors can never succeed on retry. Data exceptions (SQLSTATE
// class 22: NUL in text, a malformed value, a number out of range) and
// integrity violations (class 23) fail the same row every time; everything
// else (connection lost, server shutting down, out of disk, deadlock,
// serialization) may pass later, so the batch is retried as it is.

export interface PermanentStorageError {
  code: string;
  message: string;
}

const PERMANENT_CLASSES = ["22", "23"];

/** The SQLSTATE of a failed query, as Prisma's driver adapter reports it (or pg directly). */
export function sqlState(error: unknown): string | null {
  const e = error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } }; code?: unknown } | null;
  const cause = e?.meta?.driverAdapterError?.cause;
  for (const candidate of [cause?.originalCode, cause?.code, e?.code]) {
    if (typeof candidate === "string" && /^[0-9A-Z]{5}$/.test(candidate)) return candidate;
  }
  return null;
}

export function permanentStorageError(error: unknown): PermanentStorageError | null {
  const code = sqlState(error);
  if (!code || !PERMANENT_CLASSES.includes(code.slice(0, 2))) return null;
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } } }).meta?.driverAdapterError?.cause;
  const message = typeof cause?.originalMessage === "string" ? cause.originalMessage : error instanceof Error ? error.message : String(error);
  return { code, message: message.slice(0, 500) };
}
