// What routing did in the range: headline figures, then per rule (requests,
// cost, fallbacks, cache), per served target, local-first's local and burst
// shares with the burst's cost, and what shadow policies would have done.
// Empty until the proxy has routed requests in the range.
import { formatNumber } from "@/lib/format/format-number";
import { formatUsd } from "@/lib/format/format-usd";
import type { RoutingStats } from "@/lib/routing/read-routing-stats";
import { cascadeRows, formatShare, localFirstRows, ruleRows, shadowRows, share, targetRows } from "@/lib/routing/view/routing-stats-rows";
import { KpiCard } from "../../benchmarks/_components/kpi-card";
import { DataTable, type Column } from "../../_components/data-table";

const ruleColumns: Column[] = [
  { key: "policy", label: "Policy", linkKey: "href" },
  { key: "rule", label: "Rule" },
  { key: "action", label: "Action" },
  { key: "requests", label: "Requests", kind: "count" },
  { key: "attempts", label: "Attempts", kind: "count" },
  { key: "fellBack", label: "Fell back", kind: "percent" },
  { key: "costUsd", label: "Cost (USD)", kind: "usd" },
  { key: "cacheHitRate", label: "Cache hits", kind: "percent" },
  { key: "savedUsd", label: "Saved (USD)", kind: "usd" },
];

const targetColumns: Column[] = [
  { key: "policy", label: "Policy", linkKey: "href" },
  { key: "rule", label: "Rule" },
  { key: "model", label: "Served by" },
  { key: "attempts", label: "Attempts", kind: "count" },
  { key: "served", label: "Answered", kind: "count" },
  { key: "share", label: "Share", kind: "percent" },
  { key: "costUsd", label: "Cost (USD)", kind: "usd" },
];

const localColumns: Column[] = [
  { key: "policy", label: "Policy", linkKey: "href" },
  { key: "rule", label: "Rule" },
  { key: "localModel", label: "Local model" },
  { key: "servedLocal", label: "Local", kind: "count" },
  { key: "servedBurst", label: "Burst", kind: "count" },
  { key: "localShare", label: "Local share", kind: "percent" },
  { key: "burstCostUsd", label: "Burst cost (USD)", kind: "usd" },
  { key: "burstTo", label: "Burst to" },
  { key: "atCapacity", label: "At capacity", kind: "count" },
  { key: "ttftOverObjective", label: "Slow TTFT", kind: "count" },
  { key: "holding", label: "Holding", kind: "count" },
  { key: "localFailed", label: "Local failed", kind: "count" },
];

const cascadeColumns: Column[] = [
  { key: "policy", label: "Policy", linkKey: "href" },
  { key: "rule", label: "Rule" },
  { key: "strongest", label: "Strongest model" },
  { key: "requests", label: "Requests", kind: "count" },
  { key: "escalated", label: "Escalated", kind: "percent" },
  { key: "costUsd", label: "Cost (USD)", kind: "usd" },
  { key: "costIfStrongestUsd", label: "All on strongest (USD)", kind: "usd" },
  { key: "savedUsd", label: "Saved (USD)", kind: "usd" },
  { key: "unpriced", label: "Unpriced", kind: "count" },
];

const shadowColumns: Column[] = [
  { key: "policy", label: "Shadow policy", linkKey: "href" },
  { key: "rule", label: "Rule" },
  { key: "action", label: "Action" },
  { key: "model", label: "Would have sent to" },
  { key: "requests", label: "Requests", kind: "count" },
  { key: "differs", label: "Not what was tried", kind: "count" },
  { key: "differsShare", label: "Share changed", kind: "percent" },
];

const requests = (n: number) => `${formatNumber(n)} request${n === 1 ? "" : "s"}`;

export function RoutingStatsView({ stats, existingPolicyIds }: { stats: RoutingStats; existingPolicyIds: ReadonlySet<string> }) {
  const t = stats.totals;
  if (t.attempts === 0) {
    return (
      <div className="grid justify-items-start gap-1 rounded-md border border-dashed border-border p-4" data-testid="routing-stats-empty">
        <p className="m-0 font-medium">No routed requests from {stats.from} to {stats.to}.</p>
        <p className="m-0 text-muted-foreground">
          Each request the proxy routes records its policy, rule and attempt on its usage row; they are counted here once there are some.
          Until then, try a policy on a sample with &quot;Test a request&quot; below, or run a new policy in shadow first to see what it would change.
        </p>
      </div>
    );
  }
  const unpriced = stats.byRule.reduce((n, r) => n + r.unpricedAttempts, 0);
  const shadowRequests = stats.shadow.reduce((n, r) => n + r.requests, 0);
  const shadowDiffers = stats.shadow.reduce((n, r) => n + r.differs, 0);
  return (
    <div className="grid gap-4" data-testid="routing-stats">
      <div className="grid grid-cols-[repeat(auto-fill,minmax(190px,1fr))] gap-3">
        <KpiCard label="Routed requests" value={formatNumber(t.requests)} detail={`${formatNumber(t.attempts)} attempt${t.attempts === 1 ? "" : "s"}`} testId="kpi-requests" />
        <KpiCard label="Cost" value={formatUsd(t.costUsd)} detail={unpriced ? <span className="text-destructive">{formatNumber(unpriced)} attempts unpriced: not included</span> : "every attempt, as the model that served it"} testId="kpi-cost" />
        <KpiCard label="Fell back or escalated" value={formatShare(share(t.fellBack, t.requests))} detail={requests(t.fellBack)} testId="kpi-fallback" />
        <KpiCard label="Cache hit rate" value={formatShare(share(t.cacheHits, t.cacheHits + t.cacheMisses))} detail={`${formatNumber(t.cacheHits)} hit${t.cacheHits === 1 ? "" : "s"} saved ${formatUsd(t.savedUsd)}`} testId="kpi-cache" />
        <KpiCard label="Served locally" value={formatShare(share(t.servedLocal, t.servedLocal + t.servedBurst))} detail={`${formatNumber(t.servedBurst)} burst to the cloud for ${formatUsd(t.burstCostUsd)}`} testId="kpi-local" />
        {shadowRequests > 0 && <KpiCard label="Shadow decisions" value={formatNumber(shadowRequests)} detail={`${formatNumber(shadowDiffers)} would have gone elsewhere`} testId="kpi-shadow" />}
      </div>
      <section aria-labelledby="by-rule-title">
        <h3 id="by-rule-title">By policy and rule</h3>
        <DataTable columns={ruleColumns} rows={ruleRows(stats, existingPolicyIds)} caption="Routing by policy and rule" csvName="routing-by-rule" testId="routing-by-rule" initialSort={{ key: "requests", desc: true }} />
        <p className="m-0 mt-1 text-xs text-muted-foreground">
          A request is its first attempt; cost counts every attempt (a fallback or escalation is priced as the model that served it). Fell back: the share of requests
          with a fallback or escalation attempt. Cache hits: the share of cached lookups answered from the cache; saved: what those answers cost when they were made.
        </p>
      </section>
      <section aria-labelledby="by-target-title">
        <h3 id="by-target-title">Served by target</h3>
        <DataTable columns={targetColumns} rows={targetRows(stats, existingPolicyIds)} caption="Routing by served target" csvName="routing-by-target" testId="routing-by-target" />
      </section>
      {stats.localFirst.length > 0 && (
        <section aria-labelledby="local-first-title">
          <h3 id="local-first-title">Local first and cloud burst</h3>
          <DataTable columns={localColumns} rows={localFirstRows(stats, existingPolicyIds)} caption="Local-first rules: local and burst" csvName="routing-local-first" testId="routing-local-first" />
          <p className="m-0 mt-1 text-xs text-muted-foreground">
            Answers served on the local model and burst to the cloud one. A request bursts when the local model is at capacity, its p95 time to first token is over the
            objective (slow TTFT), it is holding in the cloud until load falls below the resume level (hysteresis), or the local model failed.
          </p>
        </section>
      )}
      {stats.cascade.length > 0 && (
        <section aria-labelledby="cascade-title">
          <h3 id="cascade-title">Cascades</h3>
          <DataTable columns={cascadeColumns} rows={cascadeRows(stats, existingPolicyIds)} caption="Cascade rules against their strongest model" csvName="routing-cascades" testId="routing-cascades" />
          <p className="m-0 mt-1 text-xs text-muted-foreground">
            Escalated: requests asked of more than one model. All on strongest: each kept answer&apos;s tokens priced as the strongest model at the time (its own
            answer may have been longer or shorter). Saved: that, less what every attempt cost. Requests with an unpriced attempt or strongest model are left out of both.
          </p>
        </section>
      )}
      {stats.shadow.length > 0 && (
        <section aria-labelledby="shadow-title">
          <h3 id="shadow-title">Shadow policies</h3>
          <DataTable columns={shadowColumns} rows={shadowRows(stats, existingPolicyIds)} caption="What shadow policies would have done" csvName="routing-shadow" testId="routing-shadow" />
          <p className="m-0 mt-1 text-xs text-muted-foreground">Evaluated on every request and recorded, never applied. &quot;Not what was tried&quot;: the request&apos;s first attempt went to another model.</p>
        </section>
      )}
    </div>
  );
}
