import Link from "next/link";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { formatUsd } from "@/lib/format/format-usd";
import { AppError } from "@/lib/http/app-error";
import { withPage } from "@/lib/http/with-page";
import { getUsageEvent } from "@/lib/usage/get-usage-event";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal, params }) => {
  let e: Awaited<ReturnType<typeof getUsageEvent>>;
  try {
    e = await getUsageEvent(getDb(), principal, params.eventId!);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return <p role="alert">No such request. <Link href="/requests">Back to the request log</Link></p>;
    throw error;
  }
  const parts = e.costBreakdown;
  return (
    <>
      <p><Link href="/requests">← Request log</Link></p>
      <h1>Request {e.requestId}</h1>
      <div className="grid">
        <section className="card" aria-labelledby="what">
          <h2 id="what">What happened</h2>
          <dl data-testid="request-detail">
            <dt>Time</dt><dd>{e.occurredAt.toISOString()}</dd>
            <dt>Endpoint</dt><dd>{e.endpoint}{e.streamed ? " (streamed)" : ""}</dd>
            <dt>Model</dt><dd>{e.servedModel}{e.requestedModel !== e.servedModel && ` (asked for ${e.requestedModel})`}</dd>
            <dt>Status</dt><dd>{e.httpStatus} {e.status}{e.errorClass ? ` (${e.errorClass})` : ""}</dd>
            <dt>Latency</dt><dd>{e.latencyMs} ms{e.ttftMs !== null ? `, first token after ${e.ttftMs} ms` : ""}</dd>
            <dt>Tags</dt><dd>{e.tags.join(", ") || "none"}</dd>
            <dt>Usage</dt><dd>{e.usageSource === "estimated" ? "estimated by Tollgate (no usage from the upstream, or cut short)" : "reported by the upstream"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="cost">
          <h2 id="cost">Cost</h2>
          {parts && e.price ? (
            <>
              <table data-testid="cost-breakdown">
                <thead><tr><th>Tokens</th><th>Count</th><th>USD per 1M</th><th>Cost</th></tr></thead>
                <tbody>
                  <tr><td>Input (not cached)</td><td>{e.inputTokens - e.cachedInputTokens - e.cacheWriteTokens}</td><td>{e.price.inputPerMTok}</td><td>{formatUsd(parts.input, { decimals: 9 })}</td></tr>
                  <tr><td>Cached input</td><td>{e.cachedInputTokens}</td><td>{e.price.cachedInputPerMTok ?? e.price.inputPerMTok}</td><td>{formatUsd(parts.cachedInput, { decimals: 9 })}</td></tr>
                  <tr><td>Cache write</td><td>{e.cacheWriteTokens}</td><td>{e.price.cacheWritePerMTok ?? e.price.inputPerMTok}</td><td>{formatUsd(parts.cacheWrite, { decimals: 9 })}</td></tr>
                  <tr><td>Output (not reasoning)</td><td>{e.outputTokens - e.reasoningTokens}</td><td>{e.price.outputPerMTok}</td><td>{formatUsd(parts.output, { decimals: 9 })}</td></tr>
                  <tr><td>Reasoning</td><td>{e.reasoningTokens}</td><td>{e.price.reasoningPerMTok ?? e.price.outputPerMTok}</td><td>{formatUsd(parts.reasoning, { decimals: 9 })}</td></tr>
                  <tr><th>Total (rounded once, half to even)</th><td /><td /><th>{formatUsd(e.costUsd ?? parts.total, { decimals: 9 })}</th></tr>
                </tbody>
              </table>
              <p className="muted">Price version from {e.price.effectiveFrom.toISOString().slice(0, 10)}{e.price.source ? ` (${e.price.source})` : ""}.</p>
            </>
          ) : (
            <p className="warn">Unpriced: the model had no price when this request ran.</p>
          )}
        </section>
      </div>
    </>
  );
});
