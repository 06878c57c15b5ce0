import Link from "next/link";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { formatMs, formatNumber } from "@/lib/format/format-number";
import { formatPriceSince } from "@/lib/format/format-price-since";
import { formatUsdExact } from "@/lib/format/format-usd";
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
  const since = e.price ? formatPriceSince(e.price.effectiveFrom, e.price.source) : null;
  const ttft = e.ttftMs !== null ? `, first token after ${formatMs(e.ttftMs)}` : "";
  return (
    <>
      <p><Link href="/requests">← Request log</Link></p>
      <h1>Request {e.requestId}</h1>
      <div className="grid">
        <section className="card" aria-labelledby="what">
          <h2 id="what">What happened</h2>
          <dl data-testid="request-detail">
            <dt>Time</dt><dd>{e.occurredAt.toISOString()}</dd>
            <dt>Project</dt><dd><Link href={`/projects/${e.project.id}`}>{e.project.name}</Link></dd>
            <dt>API key</dt><dd>{e.apiKey ? `${e.apiKey.name} (${e.apiKey.prefix}…)` : e.apiKeyId ? <span className="muted">deleted key {e.apiKeyId}</span> : <span className="muted">none</span>}</dd>
            <dt>End user</dt><dd>{e.endUser ?? <span className="muted">not sent</span>}</dd>
            <dt>Endpoint</dt><dd>{e.endpoint}{e.streamed ? " (streamed)" : ""}</dd>
            <dt>Model</dt><dd>{e.servedModel}{e.requestedModel !== e.servedModel && ` (asked for ${e.requestedModel})`}</dd>
            <dt>Provider</dt><dd>{e.deployment ? `${e.deployment.provider.name} (${e.deployment.provider.vendor})` : <span className="muted">{e.deploymentId ? `deleted deployment ${e.deploymentId}` : "none (not sent upstream)"}</span>}</dd>
            <dt>Deployment</dt><dd>{e.deployment ? <>upstream model <code>{e.deployment.upstreamModel}</code></> : <span className="muted">–</span>}</dd>
            <dt>Status</dt><dd>{e.httpStatus} {e.status}{e.errorClass ? ` (${e.errorClass})` : ""}</dd>
            <dt>Latency</dt><dd>{formatMs(e.latencyMs)}{ttft}</dd>
            <dt>Tags</dt><dd>{e.tags.join(", ") || "none"}</dd>
            <dt>Usage</dt><dd>{e.usageSource === "estimated" ? "estimated by Tollgate (no usage from the upstream, or cut short)" : "reported by the upstream"}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="cost">
          <h2 id="cost">Cost</h2>
          {parts && e.price && e.costLines ? (
            <>
              <table data-testid="cost-breakdown">
                <thead><tr><th>Tokens</th><th className="num">Count</th><th className="num">USD per 1M</th><th className="num">Cost (USD, exact)</th></tr></thead>
                <tbody>
                  {e.costLines.map((l) => (
                    <tr key={l.kind}>
                      <td>{l.label}{l.pricedAs && <div className="muted" data-testid={`priced-as-${l.kind}`}>no {l.label.toLowerCase()} price: priced at the {l.pricedAs} rate</div>}</td>
                      <td className="num">{formatNumber(l.tokens)}</td><td className="num">{l.ratePerMTok}</td><td className="num">{formatUsdExact(l.costUsd)}</td>
                    </tr>
                  ))}
                  <tr><th>Total (rounded once, half to even)</th><td /><td /><th className="num">{formatUsdExact(e.costUsd ?? parts.total)}</th></tr>
                </tbody>
              </table>
              <p className="muted" title={since!.explanation ?? undefined}>Price version {since!.phrase}{e.price.source ? ` (${e.price.source})` : ""}.</p>
            </>
          ) : (
            <p className="warn">Unpriced: the model had no price when this request ran.</p>
          )}
        </section>
      </div>
    </>
  );
});
