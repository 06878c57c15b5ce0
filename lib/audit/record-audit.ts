import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import type { Prisma } from "../generated/prisma/client";

type Tx = Pick<DbClient, "auditLog">;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  // Any JSON-serialisable snapshot (dates become ISO strings).
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

/** Records who changed what; call inside the same transaction as the change. */
export async function recordAudit(tx: Tx, principal: Pick<Principal, "orgId" | "actor">, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      orgId: principal.orgId,
      actor: principal.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
      requestId: entry.requestId,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}
