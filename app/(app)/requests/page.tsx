import Link from "next/link";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { formatMs, formatNumber } from "@/lib/format/format-number";
import { EXACT_DECIMALS, formatUsdColumn } from "@/lib/format/format-usd";
import { AppError } from "@/lib/http/app-error";
import { pageQuery } from "@/lib/http/page-query";
import { withPage } from "@/lib/http/with-page";
import { listProjects } from "@/lib/projects/list-projects";
import { listUsageEvents, listUsageEventsQuerySchema } from "@/lib/usage/list-usage-events";

export const dynamic = "force-dynamic";

// Filters live in the URL (a plain GET form), so a view can be shared by link.
export default withPage(ALL_ROLES, async ({ principal, searchParams }) => {
  const db = getDb();
  const raw = pageQuery(searchParams);
  const parsed = listUsageEventsQuerySchema.safeParse(raw);
  const projects = await listProjects(db, principal);
  let result: Awaited<ReturnType<typeof listUsageEvents>> | null = null;
  let problem: string | null = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  if (parsed.success) {
    try {
      result = await listUsageEvents(db, principal, parsed.data);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problem = error.message;
    }
  }
  const names = new Map(projects.map((p) => [p.id, p.name]));
  // One precision for the page's cost column, up to the stored 9 decimals (lib/format/format-usd.ts); the detail shows it exact.
  const costs = formatUsdColumn(result?.events.map((e) => e.costUsd) ?? [], { maxDecimals: EXACT_DECIMALS });
  const next = result?.nextCursor ? `/requests?${new URLSearchParams({ ...raw, cursor: result.nextCursor })}` : null;
  return (
    <>
      <h1>Request log</h1>
      <form method="get" aria-label="Filter requests" className="card form-grid" style={{ marginBottom: 16 }}>
        <div><label htmlFor="f-project">Project</label><br />
          <select id="f-project" name="projectId" defaultValue={raw.projectId ?? ""}><option value="">All projects</option>{projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select>
        </div>
        <div><label htmlFor="f-model">Model</label><br /><input id="f-model" name="model" defaultValue={raw.model ?? ""} /></div>
        <div><label htmlFor="f-tier">Tier</label><br />
          <select id="f-tier" name="tier" defaultValue={raw.tier ?? ""}><option value="">Any</option><option>premium</option><option>mid</option><option>economy</option></select>
        </div>
        <div><label htmlFor="f-status">Status</label><br />
          <select id="f-status" name="status" defaultValue={raw.status ?? ""}><option value="">Any</option><option>ok</option><option>client_error</option><option>upstream_error</option></select>
        </div>
        <div><label htmlFor="f-tag">Tag</label><br /><input id="f-tag" name="tag" defaultValue={raw.tag ?? ""} /></div>
        <div><label htmlFor="f-from">From (ISO time)</label><br /><input id="f-from" name="from" placeholder="last 24 hours" defaultValue={raw.from ?? ""} /></div>
        <div><label htmlFor="f-to">To (ISO time)</label><br /><input id="f-to" name="to" placeholder="now" defaultValue={raw.to ?? ""} /></div>
        <div><button type="submit">Filter</button> <Link href="/requests">Reset</Link></div>
      </form>
      {problem && <p role="alert" className="warn">{problem}</p>}
      {result && (
        <section className="card">
          <p className="muted">{result.from.slice(0, 16).replace("T", " ")} to {result.to.slice(0, 16).replace("T", " ")} UTC, newest first.</p>
          {/* Keyset pagination is server side ("Older requests"), so this is the plain table primitive, not DataTable. */}
          <div className="max-h-[75vh] overflow-auto">
            <Table data-testid="request-log">
              <caption className="sr-only">Requests, newest first</caption>
              <THead sticky>
                <Tr className="hover:bg-transparent">
                  <Th>Time (UTC)</Th><Th>Project</Th><Th>Model</Th><Th>Status</Th><Th numeric>Tokens in / out</Th><Th numeric>Cost (USD)</Th><Th numeric>Latency</Th><Th>Tags</Th>
                </Tr>
              </THead>
              <TBody>
                {result.events.map((e, i) => (
                  <Tr key={e.id}>
                    <Td className="whitespace-nowrap"><Link href={`/requests/${e.id}`}>{e.occurredAt.toISOString().slice(0, 19).replace("T", " ")}</Link></Td>
                    <Td>{names.get(e.projectId) ?? e.projectId}</Td>
                    <Td>{e.servedModel}{e.servedModel !== e.requestedModel && <span className="text-muted-foreground"> (asked {e.requestedModel})</span>} {e.tier && <span className={`tier tier-${e.tier}`}>{e.tier}</span>}</Td>
                    <Td>{e.status === "ok" ? "ok" : <span className="text-destructive">{e.httpStatus} {e.errorClass ?? e.status}</span>}</Td>
                    <Td numeric>{formatNumber(e.inputTokens)} / {formatNumber(e.outputTokens)}{e.usageSource === "estimated" && <span className="text-muted-foreground"> (estimated)</span>}</Td>
                    <Td numeric>{costs[i] ?? <span className="text-destructive">unpriced</span>}</Td>
                    <Td numeric>{formatMs(e.latencyMs)}</Td>
                    <Td>{e.tags.join(", ")}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
          {result.events.length === 0 && <p className="muted">No requests match.</p>}
          {next && <p><Link href={next}>Older requests →</Link></p>}
        </section>
      )}
    </>
  );
});
