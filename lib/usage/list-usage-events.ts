// The request log: usage rows the caller may see, newest first, filtered and
// keyset-paginated (occurred_at, id), always bounded by a time range of at
// most 31 days so the raw table is never scanned without a time bound.
import { z } from "zod";
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../http/app-error";
import { listProjects } from "../projects/list-projects";

const MAX_RANGE_MS = 31 * 24 * 3600_000;

export const listUsageEventsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  projectId: z.string().min(1).optional(),
  apiKeyId: z.string().min(1).optional(),
  model: z.string().min(1).max(128).optional(),
  tier: z.enum(["premium", "mid", "economy"]).optional(),
  status: z.enum(["ok", "client_error", "upstream_error", "rejected"]).optional(),
  tag: z.string().min(1).max(64).optional(),
  cursor: z.string().regex(/^[A-Za-z0-9_-]+$/, "must be a cursor from a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ListUsageEventsQuery = z.infer<typeof listUsageEventsQuerySchema>;

export const usageEventListFields = {
  id: true, requestId: true, attempt: true, occurredAt: true, projectId: true, apiKeyId: true, endpoint: true, requestedModel: true, servedModel: true,
  tier: true, inputTokens: true, cachedInputTokens: true, outputTokens: true, reasoningTokens: true, costUsd: true, usageSource: true,
  latencyMs: true, ttftMs: true, status: true, httpStatus: true, errorClass: true, tags: true, streamed: true,
} as const;

export async function listUsageEvents(db: DbClient, principal: Principal, query: ListUsageEventsQuery, now = new Date()) {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 24 * 3600_000);
  if (from >= to) throw new AppError("validation_failed", "from: must be before to");
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw new AppError("validation_failed", "from: the range can span at most 31 days");

  const visible = (await listProjects(db, principal)).map((p) => p.id);
  if (query.projectId && !visible.includes(query.projectId)) throw new AppError("not_found", "No such project");
  const where: Prisma.UsageEventWhereInput = {
    orgId: principal.orgId,
    projectId: query.projectId ?? { in: visible },
    occurredAt: { gte: from, lt: to },
    ...(query.apiKeyId ? { apiKeyId: query.apiKeyId } : {}),
    ...(query.model ? { OR: [{ servedModel: query.model }, { requestedModel: query.model }] } : {}),
    ...(query.tier ? { tier: query.tier } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.tag ? { tags: { has: query.tag } } : {}),
  };
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await db.usageEvent.findMany({
    where: after ? { AND: [where, { OR: [{ occurredAt: { lt: after.at } }, { occurredAt: after.at, id: { lt: after.id } }] }] } : where,
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: usageEventListFields,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    events: page.map(toUsageEventView),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.occurredAt, last.id) : null,
  };
}

export function toUsageEventView<T extends { id: bigint; costUsd: { toFixed(): string } | null }>(row: T) {
  return { ...row, id: row.id.toString(), costUsd: row.costUsd === null ? null : row.costUsd.toFixed() };
}

function encodeCursor(at: Date, id: bigint): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: bigint } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (Number.isNaN(date.getTime()) || !/^\d+$/.test(id ?? "")) throw new AppError("validation_failed", "cursor: not a cursor from a previous page");
  return { at: date, id: BigInt(id!) };
}
