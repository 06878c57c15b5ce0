import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { formatUsdAt, usdDecimalsFor } from "@/lib/format/format-usd";
import { withPage } from "@/lib/http/with-page";
import type { SimulationDetails } from "@/lib/whatif/io/describe-simulation";
import { getScenarioResult } from "@/lib/whatif/io/get-scenario-result";
import { listScenarios } from "@/lib/whatif/io/manage-scenarios";
import { readOrgTimezone } from "@/lib/whatif/io/read-org-timezone";
import { compareScenarios, type CompareCell, type ComparedResult } from "@/lib/whatif/view/compare-scenarios";
import { rangeDaysText } from "@/lib/whatif/view/scenario-fields";

export const dynamic = "force-dynamic";

const MAX_COMPARED = 4;

// Scenarios side by side: pick up to four with a succeeded result (a plain
// GET form, so a comparison is a link to share), read each one's latest result.
export default withPage(ALL_ROLES, async ({ principal, searchParams }) => {
  const db = getDb();
  const [scenarios, timezone] = await Promise.all([listScenarios(db, principal, { limit: 200 }), readOrgTimezone(db, principal)]);
  const runnable = scenarios.filter((s) => s.latestResult?.status === "succeeded");
  const asked = [searchParams.ids ?? []].flat().filter((v): v is string => typeof v === "string");
  const picked = runnable.filter((s) => asked.includes(s.id)).slice(0, MAX_COMPARED);
  const results: ComparedResult[] = [];
  for (const s of picked) {
    const r = await getScenarioResult(db, principal, s.latestResult!.id);
    if (!r.baselineCostUsd || !r.simulatedCostUsd || !r.simulatedLowCostUsd || !r.simulatedHighCostUsd || !r.details) continue;
    results.push({
      name: s.name, href: `/whatif/${s.id}`, range: rangeDaysText(s.scenario.range, timezone), rules: Array.isArray(s.scenario.rules) ? s.scenario.rules.length : 0,
      baselineCostUsd: r.baselineCostUsd, simulatedCostUsd: r.simulatedCostUsd, simulatedLowCostUsd: r.simulatedLowCostUsd, simulatedHighCostUsd: r.simulatedHighCostUsd,
      details: r.details as SimulationDetails,
    });
  }
  const rows = compareScenarios(results);
  // One money precision for the whole table (lib/format/format-usd.ts).
  const decimals = usdDecimalsFor(rows.flatMap((r) => r.cells.flatMap((c) => (c.kind === "usd" ? [c.usd] : c.kind === "band" ? [c.low, c.high] : []))), { maxDecimals: 2 });
  const cell = (c: CompareCell) =>
    c.kind === "usd" ? formatUsdAt(c.usd, decimals)
      : c.kind === "band" ? `${formatUsdAt(c.low, decimals)} – ${formatUsdAt(c.high, decimals)}`
        : c.kind === "unmeasured" ? <span className="italic text-muted-foreground">{c.text}</span> : c.text;

  return (
    <>
      <p className="mb-1 text-sm"><Link href="/whatif">What-if</Link> /</p>
      <h1>Compare scenarios</h1>
      <form method="get" className="card mb-4" aria-labelledby="pick-title">
        <h2 id="pick-title">Scenarios to compare</h2>
        {runnable.length < 2 ? <p className="m-0 text-muted-foreground">Comparing needs two scenarios with a finished run; {runnable.length === 0 ? "none has one yet" : "one has"}.</p> : (
          <>
            <fieldset className="m-0 grid gap-1 border-0 p-0 sm:grid-cols-2">
              <legend className="mb-1 text-sm text-muted-foreground">Up to {MAX_COMPARED}, each with its latest finished result</legend>
              {runnable.map((s) => (
                <label key={s.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="ids" value={s.id} defaultChecked={picked.some((p) => p.id === s.id)} />
                  {s.name} <span className="text-muted-foreground">({rangeDaysText(s.scenario.range, timezone)})</span>
                </label>
              ))}
            </fieldset>
            <button type="submit" className={buttonVariants({ className: "mt-3" })}>Compare</button>
          </>
        )}
        {asked.length > MAX_COMPARED && <p role="alert" className="m-0 mt-2 text-sm text-warn-text">At most {MAX_COMPARED} at once: the first {MAX_COMPARED} picked are shown.</p>}
      </form>

      {results.length >= 2 && (
        <section className="card" aria-labelledby="compare-title">
          <h2 id="compare-title">Side by side</h2>
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="whatif-compare">
              <thead>
                <tr>
                  <th scope="col" className="text-left">Measure</th>
                  {results.map((r) => <th key={r.href} scope="col" className="text-right"><Link href={r.href}>{r.name}</Link></th>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.measure}>
                    <th scope="row" className="text-left text-sm font-normal normal-case tracking-normal text-foreground">{row.measure}</th>
                    {row.cells.map((c, i) => (
                      <td key={i} className={`text-right tabular-nums ${row.best === i ? "font-semibold text-ok" : ""}`} data-best={row.best === i ? "yes" : undefined}>
                        {cell(c)}{row.best === i && <span className="sr-only"> (best)</span>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="m-0 mt-2 text-xs text-muted-foreground">Best marked in green: the largest saving as a share of its own baseline (ranges differ), the highest measured pass rate after, the lowest measured p95 after. Unmeasured is never best.</p>
        </section>
      )}
      {results.length === 1 && <p className="text-muted-foreground">Pick at least one more scenario.</p>}
    </>
  );
});
