import Link from "next/link";
import { z } from "zod";
import { ALL_ROLES } from "@/lib/auth/principal";
import { dashboardFilterSchema } from "@/lib/dashboard/dashboard-scope";
import { getModelUsage } from "@/lib/dashboard/get-model-usage";
import { resolveDashboardQuery } from "@/lib/dashboard/resolve-dashboard-query";
import { getDb } from "@/lib/db";
import { formatMs, formatNumber } from "@/lib/format/format-number";
import { formatUsd } from "@/lib/format/format-usd";
import { pageQuery } from "@/lib/http/page-query";
import { withPage } from "@/lib/http/with-page";
import { listProjects } from "@/lib/projects/list-projects";
import { DashboardFilters } from "../../_components/dashboard-filters";
import { DataTable } from "../../_components/data-table";
import { FilterProblem } from "../../_components/filter-problem";
import { ModelTrendChart } from "../../_components/model-trend-chart";
import { SpendTable } from "../../_components/spend-table";

export const dynamic = "force-dynamic";

const schema = dashboardFilterSchema.omit({ tag: true }).extend({ model: z.string().min(1, "choose a model").max(200) });

// One served model's live traffic: volume, cost per 1,000 requests, latency and time to first token.
export default withPage(ALL_ROLES, async ({ principal, searchParams }) => {
  const db = getDb();
  const raw = pageQuery(searchParams);
  const resolved = await resolveDashboardQuery(db, principal, schema, raw);
  if (!resolved.ok) return <FilterProblem title="Model" problem={resolved.problem} reset="/" />;
  const { scope, query } = resolved;
  const [usage, projects] = await Promise.all([getModelUsage(db, scope, query.model), listProjects(db, principal)]);
  const t = usage.totals;
  return (
    <>
      <p><Link href={`/?${new URLSearchParams({ from: scope.from, to: scope.to })}`}>← Overview</Link></p>
      <h1>Model {usage.model}</h1>
      <DashboardFilters action="/models/usage" scope={scope} projects={projects} models={[]} fixed={{ model: usage.model }} />
      <div className="grid">
        <section className="card" aria-labelledby="volume-title">
          <h2 id="volume-title">{usage.from} to {usage.to}</h2>
          <div className="kpi" data-testid="model-cost">{t.unpricedRequests === t.requests && t.requests > 0 ? <span className="warn">unpriced</span> : formatUsd(t.costUsd)}</div>
          <div className="muted">{formatNumber(t.requests)} requests ({formatNumber(t.errors)} failed), {formatNumber(t.inputTokens)} input and {formatNumber(t.outputTokens)} output tokens</div>
          <div data-testid="cost-per-1k">Cost per 1,000 requests: {t.costPer1kRequestsUsd === null ? "–" : formatUsd(t.costPer1kRequestsUsd)}</div>
          {t.unpricedRequests > 0 && <div className="warn">{formatNumber(t.unpricedRequests)} requests unpriced: not in the cost</div>}
        </section>
        <section className="card" aria-labelledby="latency-title">
          <h2 id="latency-title">Latency</h2>
          <table>
            <thead><tr><th></th><th className="num">Average (period)</th><th className="num">p50 (24 h)</th><th className="num">p95 (24 h)</th></tr></thead>
            <tbody>
              <tr><td>End to end</td><td className="num">{formatMs(t.avgLatencyMs)}</td><td className="num">{formatMs(usage.last24h.latencyP50Ms)}</td><td className="num">{formatMs(usage.last24h.latencyP95Ms)}</td></tr>
              <tr><td>Time to first token</td><td className="num">{formatMs(t.avgTtftMs)}</td><td className="num">{formatMs(usage.last24h.ttftP50Ms)}</td><td className="num">{formatMs(usage.last24h.ttftP95Ms)}</td></tr>
            </tbody>
          </table>
          <p className="muted">Percentiles from the {formatNumber(usage.last24h.requests)} requests of the last 24 hours; time to first token is measured on streamed requests.</p>
        </section>
      </div>
      <section className="card" aria-labelledby="trend-title" style={{ marginTop: 16 }}>
        <h2 id="trend-title">Per day</h2>
        <ModelTrendChart days={usage.daily} from={usage.from} to={usage.to} />
        <DataTable
          caption={`${usage.model} per day`}
          csvName={`tollgate-${usage.model}-per-day`}
          testId="model-days"
          columns={[
            { key: "day", label: "Day" }, { key: "requests", label: "Requests", kind: "count" }, { key: "errors", label: "Failed", kind: "count" },
            { key: "inputTokens", label: "Input tokens", kind: "tokens" }, { key: "outputTokens", label: "Output tokens", kind: "tokens" },
            { key: "costUsd", label: "Spend (USD)", kind: "usd" }, { key: "avgLatencyMs", label: "Avg latency", kind: "ms" }, { key: "avgTtftMs", label: "Avg TTFT", kind: "ms" },
          ]}
          rows={usage.daily.map((d) => ({ ...d }))}
        />
      </section>
      <div className="grid" style={{ marginTop: 16 }}>
        <section className="card" aria-labelledby="projects-title">
          <h2 id="projects-title">By project</h2>
          <SpendTable dimension="project" groups={usage.byProject} caption={`${usage.model} spend by project`} link={(g) => `/projects/${g.id}?${new URLSearchParams({ from: scope.from, to: scope.to })}`} />
        </section>
        <section className="card" aria-labelledby="keys-title">
          <h2 id="keys-title">By API key</h2>
          <SpendTable dimension="key" groups={usage.byKey} caption={`${usage.model} spend by API key`} />
        </section>
      </div>
    </>
  );
});
