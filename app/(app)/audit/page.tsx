import Link from "next/link";
import { auditSortHrefs } from "@/lib/audit/audit-sort";
import { listAuditLog, listAuditLogQuerySchema } from "@/lib/audit/list-audit-log";
import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { pageQuery } from "@/lib/http/page-query";
import { withPage } from "@/lib/http/with-page";
import { AuditTable, type AuditTableRow } from "./audit-table";

export const dynamic = "force-dynamic";

export default withPage(ORG_ADMINS, async ({ principal, searchParams }) => {
  const raw = pageQuery(searchParams);
  const parsed = listAuditLogQuerySchema.safeParse(raw);
  const result = parsed.success ? await listAuditLog(getDb(), principal, parsed.data) : null;
  const rows: AuditTableRow[] = (result?.entries ?? []).map((e) => ({
    id: e.id, when: e.createdAt.toISOString().slice(0, 19).replace("T", " "), who: e.actorName ?? e.actor, actor: e.actor, actorName: e.actorName, action: e.action,
    what: `${e.entityType} ${e.entityName ?? e.entityId ?? ""}`.trim(), entityType: e.entityType, entityId: e.entityId, entityName: e.entityName,
    changes: JSON.stringify({ before: e.before, after: e.after }, null, 2),
  }));
  // The server sorts (the whole log, not this page); the next page continues after this page's last entry.
  const { before: _before, cursor: _cursor, ...rest } = raw;
  const next = result?.nextCursor ? `/audit?${new URLSearchParams({ ...rest, cursor: result.nextCursor })}` : null;
  const firstPage = raw.cursor || raw.before ? `/audit${Object.keys(rest).length ? `?${new URLSearchParams(rest)}` : ""}` : null;
  const sort = result ? { sort: result.sort, order: result.order } : { sort: "time" as const, order: "desc" as const };
  const hrefs = auditSortHrefs(raw, sort);
  const nextLabel = sort.sort === "time" ? (sort.order === "desc" ? "Older entries" : "Newer entries") : "Next entries";
  return (
    <>
      <h1>Audit log</h1>
      <form method="get" aria-label="Filter the audit log" className="card form-grid" style={{ marginBottom: 16 }}>
        {raw.sort && <input type="hidden" name="sort" value={raw.sort} />}
        {raw.order && <input type="hidden" name="order" value={raw.order} />}
        <div><label htmlFor="a-action">Action</label><br /><input id="a-action" name="action" placeholder="budget.update" defaultValue={raw.action ?? ""} /></div>
        <div><label htmlFor="a-type">Entity type</label><br /><input id="a-type" name="entityType" placeholder="budget" defaultValue={raw.entityType ?? ""} /></div>
        <div><label htmlFor="a-actor">Actor</label><br /><input id="a-actor" name="actor" placeholder="email or user:…" defaultValue={raw.actor ?? ""} /></div>
        <div><label htmlFor="a-entity">Entity id</label><br /><input id="a-entity" name="entityId" defaultValue={raw.entityId ?? ""} /></div>
        <div><button type="submit">Filter</button> <Link href="/audit">Reset</Link></div>
      </form>
      {!parsed.success && <p role="alert" className="warn">{parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}</p>}
      {result && (
        <section className="card">
          <AuditTable rows={rows} pageSize={parsed.data?.limit ?? rows.length} sort={{ ...sort, hrefs }}
            empty={Object.keys(raw).length ? "No entries match these filters." : "No changes recorded yet: every change to budgets, keys, models, providers, members and tokens appears here."} />
          {(next || firstPage) && (
            <p className="flex gap-4">
              {firstPage && <Link href={firstPage}>← First page</Link>}
              {next && <Link href={next}>{nextLabel} →</Link>}
            </p>
          )}
        </section>
      )}
    </>
  );
});
