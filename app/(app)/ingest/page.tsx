import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { formatNumber } from "@/lib/format/format-number";
import { withPage } from "@/lib/http/with-page";
import { listDeadLetters } from "@/lib/usage/list-dead-letters";
import { DeadLettersTable, type DeadLetterRow } from "./dead-letters-table";
import { ReplayDeadLettersButton } from "./replay-button";

export const dynamic = "force-dynamic";

export default withPage(ORG_ADMINS, async ({ principal }) => {
  const { open, deadLetters } = await listDeadLetters(getDb(), principal);
  const rows: DeadLetterRow[] = deadLetters.map((d) => ({
    id: d.id, kept: d.createdAt.toISOString().slice(0, 19).replace("T", " "), requestId: d.requestId ?? "(unreadable)",
    reason: d.reason === "invalid_event" ? "invalid event" : "refused by Postgres", errorCode: d.errorCode, errorMessage: d.errorMessage,
    error: [d.errorCode, d.errorMessage].filter(Boolean).join(" "), failures: d.failures, payload: d.payloadPreview,
  }));
  return (
    <>
      <h1>Usage ingest</h1>
      <section className="card">
        <h2>Events that could not be stored</h2>
        <p className="muted">
          An event Postgres refuses (or that fails the event schema) is kept here instead of holding up ingest for
          everyone; the rest of its batch is stored. These events are not in the dashboards yet. Replay them once the
          cause is fixed: events that already reached the ledger are not counted twice.
        </p>
        <p data-testid="dead-letter-count"><strong>{formatNumber(open)}</strong> open</p>
        <ReplayDeadLettersButton open={open} />
        {deadLetters.length === 0 && <p className="muted">No events waiting for a replay.</p>}
        {deadLetters.length > 0 && <DeadLettersTable rows={rows} />}
      </section>
    </>
  );
});
