import Decimal from "decimal.js";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { ALL_ROLES, WHATIF_RUNNERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { formatUsd, formatUsdColumn } from "@/lib/format/format-usd";
import { withPage } from "@/lib/http/with-page";
import { loadRecommendations, RECOMMENDATION_RANGES, recommendationsQuerySchema } from "@/lib/whatif/io/load-recommendations";
import type { RecommendationChoice } from "@/lib/whatif/recommendation-scenario";
import { RecommendationsTable, type RecommendationRow } from "../_components/recommendations-table";
import { ScopeComparisonTable } from "../_components/scope-comparison-table";

export const dynamic = "force-dynamic";

/** Groups whose SCOPE comparison is shown (the largest savings). */
const SCOPE_GROUPS = 5;

const REASON_TEXT: Record<string, string> = {
  "current-unmeasured-quality": "requested model unmeasured", "unmeasured-quality": "quality unmeasured", "below-quality": "quality below X%",
  "current-unmeasured-latency": "requested model's latency unmeasured", "unmeasured-latency": "latency unmeasured", "over-latency": "p95 over Y%",
  "no-price": "no price", "not-cheaper": "not cheaper",
};
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// Per project x requested model with material spend: the cheaper models that keep measured quality
// and latency, ranked by exact saving; one click makes one a scenario. A plain GET form sets X and Y.
export default withPage(ALL_ROLES, async ({ principal, searchParams }) => {
  const asked = { range: first(searchParams.range), quality: first(searchParams.quality), latency: first(searchParams.latency) };
  const parsed = recommendationsQuerySchema.safeParse(Object.fromEntries(Object.entries(asked).filter(([, v]) => v !== undefined && v !== "")));
  const query = parsed.success ? parsed.data : recommendationsQuerySchema.parse({});
  const data = await loadRecommendations(getDb(), principal, query);
  const suiteNames = new Map(data.suites.map((s) => [s.id, s.name]));
  const canCreate = WHATIF_RUNNERS.includes(principal.role);

  const rows: RecommendationRow[] = [];
  const choices: Record<string, RecommendationChoice> = {};
  for (const r of data.recommendations) {
    for (const c of r.candidates) {
      const id = `${r.projectId}:${r.requestedModel}:${c.model}`;
      rows.push({
        id, project: r.projectName, requestedModel: r.requestedModel, candidate: c.model, baselineUsd: r.baselineCostUsd, simulatedUsd: c.simulatedCostUsd, savingUsd: c.savingUsd,
        savingShare: new Decimal(c.savingPercent).div(100).toFixed(), quality: c.qualityRetainedPercent === null ? "any (requested passes 0%)" : `${c.qualityRetainedPercent}%`,
        latency: c.p95ChangePercent === null ? "–" : `${Number(c.p95ChangePercent) > 0 ? "+" : ""}${c.p95ChangePercent}%`, action: "",
      });
      choices[id] = { projectId: r.projectId, projectName: r.projectName, requestedModel: r.requestedModel, candidate: c.model, suites: c.suites, range: { from: data.range.from, to: data.range.to } };
    }
  }
  const withCandidates = data.recommendations.filter((r) => r.candidates.length > 0);
  const without = data.recommendations.filter((r) => r.candidates.length === 0);
  // The list's amounts are read against each other: one precision for all of them (the money rule).
  const withoutCost = formatUsdColumn(without.map((r) => r.baselineCostUsd));

  return (
    <>
      <p className="mb-1 text-sm"><Link href="/whatif">What-if</Link> /</p>
      <h1>Recommendations</h1>
      <p className="text-muted-foreground">
        For each project and requested model that spent at least ${data.params.minSpendUsd} over the range: the catalog models that would have served the same traffic for less
        (re-priced exactly as a scenario re-prices it), keep at least X% of the requested model&apos;s measured pass rate on every suite it is measured on, and a measured p95 TTFT within Y% of it.
        A model without a measurement is left out and says so, never assumed equal.
      </p>
      <form method="get" className="card mb-4 flex flex-wrap items-end gap-3" aria-label="Recommendation limits">
        <label className="grid gap-1 text-sm">Range
          <select name="range" defaultValue={data.range.key} className="h-9 rounded-md border border-border bg-background px-2">
            {Object.entries(RECOMMENDATION_RANGES).map(([key, days]) => <option key={key} value={key}>Last {days} days</option>)}
          </select>
        </label>
        <label className="grid gap-1 text-sm">Quality kept at least (X, %)
          <input name="quality" type="number" min={0} max={100} step="any" defaultValue={data.params.qualityRetainedPercent} className="h-9 w-28 rounded-md border border-border bg-background px-2 tabular-nums" />
        </label>
        <label className="grid gap-1 text-sm">p95 TTFT at most above (Y, %)
          <input name="latency" type="number" min={0} max={1000} step="any" defaultValue={data.params.latencyWithinPercent} className="h-9 w-28 rounded-md border border-border bg-background px-2 tabular-nums" />
        </label>
        <Button type="submit">Apply limits</Button>
        {!parsed.success && <p role="alert" className="m-0 text-sm text-destructive">{parsed.error.issues[0]!.path.join(".")}: {parsed.error.issues[0]!.message} (showing the defaults)</p>}
      </form>

      <section className="card mb-4" aria-labelledby="reco-title">
        <h2 id="reco-title">Cheaper candidates</h2>
        <p className="mt-0 text-sm text-muted-foreground">
          Traffic of the last {data.range.days} days (whole hours, {data.range.timeZone}); quality and latency from the latest succeeded benchmark run of each suite and model ({data.measuredRuns} runs).
          {data.belowFloor.groups > 0 && ` ${data.belowFloor.groups} smaller project × model groups (${formatUsd(data.belowFloor.baselineCostUsd)} together) are not listed.`}
        </p>
        <RecommendationsTable rows={rows} choices={choices} canCreate={canCreate} />
      </section>

      {withCandidates.length > 0 && (
        <section className="card mb-4" aria-labelledby="scope-title" data-testid="whatif-scope">
          <h2 id="scope-title">SCOPE comparison</h2>
          <p className="mt-0 text-sm text-muted-foreground">Size, Cost, Operational constraints, Performance and Expandability of the requested model and its best candidates (the small-model guide&apos;s framework).</p>
          {withCandidates.slice(0, SCOPE_GROUPS).map((r) => (
            <details key={`${r.projectId}:${r.requestedModel}`} className="mb-2" open={r === withCandidates[0]}>
              <summary className="cursor-pointer font-medium">{r.projectName}: {r.requestedModel}</summary>
              <ScopeComparisonTable rows={r.scope} suiteNames={suiteNames} caption={`SCOPE comparison for ${r.requestedModel} in ${r.projectName}`} />
            </details>
          ))}
        </section>
      )}

      {without.length > 0 && (
        <section className="card" aria-labelledby="none-title" data-testid="whatif-no-candidate">
          <h2 id="none-title">No candidate within the limits</h2>
          <ul className="m-0 pl-5 text-sm">
            {without.map((r, i) => {
              const counts = new Map<string, number>();
              for (const e of r.excluded) counts.set(e.reason, (counts.get(e.reason) ?? 0) + 1);
              return (
                <li key={`${r.projectId}:${r.requestedModel}`}>
                  <span className="font-medium">{r.projectName}: {r.requestedModel}</span> ({withoutCost[i]}):{" "}
                  <span className="text-muted-foreground">{[...counts].map(([reason, n]) => `${n} ${REASON_TEXT[reason] ?? reason}`).join(", ") || "no other model in the catalog"}</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
});
