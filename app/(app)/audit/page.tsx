import Link from "next/link";
import { listAuditLog, listAuditLogQuerySchema } from "@/lib/audit/list-audit-log";
import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { pageQuery } from "@/lib/http/page-query";
import { withPage } from "@/lib/http/with-page";

export const dynamic = "force-dynamic";

const filterHref = (filter: Record<string, string>) => `/audit?${new URLSearchParams(filter)}`;

export default withPage(ORG_ADMINS, async ({ principal, searchParams }) => {
  const raw = pageQuery(searchParams);
  const parsed = listAuditLogQuerySchema.safeParse(raw);
  const result = parsed.success ? await listAuditLog(getDb(), principal, parsed.data) : null;
  const older = result?.nextBefore ? `/audit?${new URLSearchParams({ ...raw, before: result.nextBefore })}` : null;
  return (
    <>
      <h1>Audit log</h1>
      <form method="get" aria-label="Filter the audit log" className="card form-grid" style={{ marginBottom: 16 }}>
        <div><label htmlFor="a-action">Action</label><br /><input id="a-action" name="action" placeholder="budget.update" defaultValue={raw.action ?? ""} /></div>
        <div><label htmlFor="a-type">Entity type</label><br /><input id="a-type" name="entityType" placeholder="budget" defaultValue={raw.entityType ?? ""} /></div>
        <div><label htmlFor="a-actor">Actor</label><br /><input id="a-actor" name="actor" placeholder="email or user:…" defaultValue={raw.actor ?? ""} /></div>
        <div><label htmlFor="a-entity">Entity id</label><br /><input id="a-entity" name="entityId" defaultValue={raw.entityId ?? ""} /></div>
        <div><button type="submit">Filter</button> <Link href="/audit">Reset</Link></div>
      </form>
      {!parsed.success && <p role="alert" className="warn">{parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}</p>}
      {result && (
        <section className="card">
          <table data-testid="audit-log">
            <thead><tr><th>When (UTC)</th><th>Who</th><th>Action</th><th>What</th><th>Before → after</th></tr></thead>
            <tbody>
              {result.entries.map((e) => (
                <tr key={e.id}>
                  <td>{e.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                  <td>
                    <Link href={filterHref({ actor: e.actor })} title={`Only entries by ${e.actor}`}>{e.actorName ?? e.actor}</Link>
                    {e.actorName && <div className="text-xs text-muted-foreground"><code>{e.actor}</code></div>}
                  </td>
                  <td>{e.action}</td>
                  <td>
                    <span className="text-muted-foreground">{e.entityType}</span>{" "}
                    {e.entityId && <Link href={filterHref({ entityType: e.entityType, entityId: e.entityId })} title={`Only entries about ${e.entityType} ${e.entityId}`}>{e.entityName ?? e.entityId}</Link>}
                    {e.entityId && e.entityName && <div className="text-xs text-muted-foreground"><code>{e.entityId}</code></div>}
                  </td>
                  <td>
                    <details>
                      <summary>changes</summary>
                      <pre style={{ whiteSpace: "pre-wrap", maxWidth: 600 }}>{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.entries.length === 0 && <p className="muted">{Object.keys(raw).length ? "No entries match these filters." : "No changes recorded yet: every change to budgets, keys, models, providers, members and tokens appears here."}</p>}
          {older && <p><Link href={older}>Older entries →</Link></p>}
        </section>
      )}
    </>
  );
});
