import Link from "next/link";
import { Plus } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { ALL_ROLES, WHATIF_RUNNERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { listScenarios } from "@/lib/whatif/io/manage-scenarios";
import { readOrgTimezone } from "@/lib/whatif/io/read-org-timezone";
import { latencyDeltaText, qualityDeltaText, savingOf, savingShare } from "@/lib/whatif/view/read-scenario-result";
import { rangeDaysText } from "@/lib/whatif/view/scenario-fields";
import { ScenariosTable, type ScenarioRow } from "./_components/scenarios-table";

export const dynamic = "force-dynamic";

// The org's what-if scenarios with their latest result; owners, admins, finance and engineers create them.
export default withPage(ALL_ROLES, async ({ principal }) => {
  const db = getDb();
  const [scenarios, timezone] = await Promise.all([listScenarios(db, principal, { limit: 200 }), readOrgTimezone(db, principal)]);
  const canCreate = WHATIF_RUNNERS.includes(principal.role);
  const rows: ScenarioRow[] = scenarios.map((s) => {
    const r = s.latestResult;
    const done = r?.status === "succeeded" && r.baselineCostUsd !== null && r.simulatedCostUsd !== null;
    return {
      id: s.id, name: s.name, href: `/whatif/${s.id}`, range: rangeDaysText(s.scenario.range, timezone), rules: Array.isArray(s.scenario.rules) ? s.scenario.rules.length : 0,
      status: r?.status ?? "none",
      baselineUsd: done ? r.baselineCostUsd : null,
      simulatedUsd: done ? r.simulatedCostUsd : null,
      savingUsd: done ? savingOf(r.baselineCostUsd!, r.simulatedCostUsd!).usd : null,
      savingShare: done ? savingShare(r.baselineCostUsd!, r.simulatedCostUsd!) : null,
      quality: done ? qualityDeltaText(r.qualityDelta) : "–",
      latency: done ? latencyDeltaText(r.latencyDeltaMs) : "–",
    };
  });
  const newScenario = <Link href="/whatif/new" className={buttonVariants({ className: "no-underline" })}><Plus aria-hidden />New scenario</Link>;
  return (
    <>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="mb-0">What-if</h1>
        <div className="flex flex-wrap items-center gap-2">
          <Link href="/whatif/recommendations" className={buttonVariants({ variant: "outline", className: "no-underline" })}>Recommendations</Link>
          {rows.filter((r) => r.status === "succeeded").length >= 2 && <Link href="/whatif/compare" className={buttonVariants({ variant: "outline", className: "no-underline" })}>Compare scenarios</Link>}
          {canCreate && scenarios.length > 0 && newScenario}
        </div>
      </div>
      <p className="text-muted-foreground">
        Re-price past traffic as if part of it had gone to other models: the baseline is the ledger, to the nano-dollar; the simulated cost comes with its band from the token ratios&apos; spread,
        and quality and latency from measured benchmark runs (a model without them is &ldquo;unmeasured&rdquo;, never assumed equal). Nothing is changed: a scenario only simulates.
      </p>
      <section className="card" aria-labelledby="scenarios-title">
        <h2 id="scenarios-title">Scenarios</h2>
        {scenarios.length === 0 ? (
          <div className="grid justify-items-start gap-2" data-testid="no-scenarios">
            <p className="m-0 text-muted-foreground">A scenario replays a date range of your logged traffic with some of it moved to other models, and shows what it would have cost, and done to quality and latency.</p>
            {canCreate ? newScenario : <p className="m-0 text-muted-foreground">An owner, admin, finance lead or engineer can create one.</p>}
          </div>
        ) : (
          <ScenariosTable rows={rows} />
        )}
      </section>
    </>
  );
});
