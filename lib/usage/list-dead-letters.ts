// Admins' view of the usage events ingest could not store (open ones first,
// newest first): enough to understand what went wrong without the raw bytes.
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";

const PREVIEW_CHARS = 2000;

export async function listDeadLetters(db: DbClient, principal: Pick<Principal, "orgId">) {
  const where = { orgId: principal.orgId, replayedAt: null };
  const [open, rows] = await Promise.all([
    db.usageDeadLetter.count({ where }),
    db.usageDeadLetter.findMany({
      where,
      orderBy: { id: "desc" },
      take: 100,
      select: { id: true, requestId: true, attempt: true, occurredAt: true, reason: true, errorCode: true, errorMessage: true, failures: true, createdAt: true, lastTriedAt: true, payload: true },
    }),
  ]);
  return {
    open,
    deadLetters: rows.map(({ payload, id, ...r }) => ({ ...r, id: id.toString(), payloadPreview: preview(payload) })),
  };
}

/** The stored event as readable text: control characters escaped, so a NUL shows as \u0000 instead of vanishing. */
function preview(payload: Uint8Array): string {
  const text = Buffer.from(payload).toString("utf8").slice(0, PREVIEW_CHARS);
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
