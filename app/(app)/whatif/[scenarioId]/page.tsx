import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ALL_ROLES, ROUTING_EDITORS, WHATIF_RUNNERS } from "@/lib/auth/principal";
import { listBenchmarkSuites } from "@/lib/benchmarks/manage-benchmark-suites";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/http/app-error";
import { withPage } from "@/lib/http/with-page";
import type { SimulationDetails } from "@/lib/whatif/io/describe-simulation";
import { getScenarioResult } from "@/lib/whatif/io/get-scenario-result";
import { getScenario } from "@/lib/whatif/io/manage-scenarios";
import { readAppliedOutcome } from "@/lib/whatif/io/read-applied-outcome";
import { readOrgTimezone } from "@/lib/whatif/io/read-org-timezone";
import { readPredictionTrackRecord } from "@/lib/whatif/io/read-prediction-track-record";
import { scenarioSchema } from "@/lib/whatif/scenario-schema";
import { latencyDeltaText, qualityDeltaText, statusVariant } from "@/lib/whatif/view/read-scenario-result";
import { rangeDaysText } from "@/lib/whatif/view/scenario-fields";
import { LiveRefresh } from "../../benchmarks/_components/live-refresh";
import { AppliedOutcomeTable } from "../_components/applied-outcome-table";
import { ApplyScenarioDialog } from "../_components/apply-scenario-dialog";
import { PastResultsTable } from "../_components/past-results-table";
import { DeleteScenarioButton, RunAgainButton } from "../_components/scenario-actions";
import { ScenarioResultView } from "../_components/scenario-result-view";
import { TrackRecordNote } from "../_components/track-record-note";

export const dynamic = "force-dynamic";

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "–");

// One scenario: its latest result (live while it runs) or the one picked from the past results.
export default withPage(ALL_ROLES, async ({ principal, params, searchParams }) => {
  const db = getDb();
  const notFound = (error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  };
  const scenario = await getScenario(db, principal, params.scenarioId!).catch(notFound);
  if (!scenario) return <p role="alert">No such scenario. <Link href="/whatif">Back to What-if</Link></p>;
  const [timezone, suites, projects] = await Promise.all([
    readOrgTimezone(db, principal), listBenchmarkSuites(db, principal), db.project.findMany({ where: { orgId: principal.orgId }, select: { id: true, name: true } }),
  ]);
  const projectNames = new Map(projects.map((p) => [p.id, p.name]));
  const suiteNames = new Map(suites.map((s) => [s.id, s.name]));
  const picked = typeof searchParams.result === "string" ? searchParams.result : null;
  const summary = (picked ? scenario.results.find((r) => r.id === picked) : undefined) ?? scenario.results[0] ?? null;
  const result = summary?.status === "succeeded" ? await getScenarioResult(db, principal, summary.id).catch(notFound) : null;
  const parsed = scenarioSchema.safeParse(scenario.scenario);
  const canRun = WHATIF_RUNNERS.includes(principal.role);
  // Every what-if runner may apply in shadow mode; enforce needs a role that may edit routing (the API checks both).
  const canApply = canRun;
  const canEnforce = ROUTING_EDITORS.includes(principal.role);
  const [outcome, record] = await Promise.all([readAppliedOutcome(db, principal, scenario.id), readPredictionTrackRecord(db, principal)]);
  // One policy per result: the result shown is applied already, or can be.
  const appliedPolicy = outcome.policies.find((p) => p.resultId === summary?.id) ?? null;
  const active = summary?.status === "queued" || summary?.status === "running";
  const definition = parsed.success ? parsed.data : null;
  const details = result?.details as SimulationDetails | null | undefined;
  const headline = result && result.baselineCostUsd && result.simulatedCostUsd && result.simulatedLowCostUsd && result.simulatedHighCostUsd
    ? { baselineCostUsd: result.baselineCostUsd, simulatedCostUsd: result.simulatedCostUsd, simulatedLowCostUsd: result.simulatedLowCostUsd, simulatedHighCostUsd: result.simulatedHighCostUsd }
    : null;
  const pastRows = scenario.results.map((r) => ({
    id: r.id, when: when(r.createdAt), href: `/whatif/${scenario.id}?result=${r.id}`, status: r.status, shown: r.id === summary?.id ? "yes" : "no",
    baseline: r.baselineCostUsd, simulated: r.simulatedCostUsd, quality: qualityDeltaText(r.qualityDelta), latency: latencyDeltaText(r.latencyDeltaMs),
  }));
  const rules = definition?.rules ?? [];

  return (
    <>
      <LiveRefresh active={active} />
      <p className="mb-1 text-sm"><Link href="/whatif">What-if</Link> /</p>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-3">
        <h1 className="mb-0">{scenario.name}</h1>
        <div className="flex flex-wrap items-center gap-2">
          {canApply && result && summary?.status === "succeeded"
            ? <ApplyScenarioDialog scenarioId={scenario.id} resultId={summary.id} appliedPolicy={appliedPolicy} canEnforce={canEnforce} />
            : appliedPolicy && <Link href={`/routing/${appliedPolicy.policyId}`} className="text-sm">Applied as {appliedPolicy.policyName} ({appliedPolicy.mode})</Link>}
          {canRun && definition && <RunAgainButton scenario={scenario} label={summary ? "Run again" : "Run"} />}
          {canRun && <DeleteScenarioButton scenario={scenario} />}
        </div>
      </div>
      <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground">
        <span>Traffic of {rangeDaysText(scenario.scenario.range, timezone)} ({timezone})</span>
        <span>{rules.length} {rules.length === 1 ? "rule" : "rules"}</span>
        <span>{scenario.scope.orgWide ? "Every project" : `${scenario.scope.projectIds.length} projects (its creator's)`}</span>
        {summary && <span>Result of {when(summary.createdAt)} UTC <Badge variant={statusVariant(summary.status)} data-testid="whatif-status">{summary.status}</Badge></span>}
      </div>
      {!definition && <p role="alert" className="warn">This scenario was stored in an older shape and cannot be run; create it again.</p>}

      {!summary && <p className="card text-muted-foreground">Not run yet.{canRun ? " Run it to see what its traffic would have cost." : ""}</p>}
      {summary && active && (
        <div className="card mb-4 max-w-xl" data-testid="whatif-progress">
          <div className="h-2 overflow-hidden rounded bg-border" role="progressbar" aria-label="Simulation progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={summary.progress}>
            <span className="block h-full bg-primary" style={{ width: `${summary.progress}%` }} />
          </div>
          <p className="m-0 mt-1 text-sm text-muted-foreground tabular-nums">{summary.status === "queued" ? "Queued: waiting for the worker" : `Simulating: ${summary.progress}%`} · the page updates every 2 seconds</p>
        </div>
      )}
      {summary?.status === "failed" && <p role="alert" className="rounded-md bg-destructive-soft px-3 py-2 text-sm text-destructive">The run failed: {summary.error ?? "no message recorded"}</p>}
      {summary?.status === "succeeded" && (!headline || !details || !definition
        ? <p role="alert" className="warn">This result cannot be shown (its details are missing).</p>
        : <ScenarioResultView headline={headline} details={details} scenario={definition} suiteNames={suiteNames} projectNames={projectNames} timezone={timezone} note={<TrackRecordNote record={record} />} />)}

      <AppliedOutcomeTable outcome={outcome} />

      <section className="card mt-4" aria-labelledby="past-title">
        <h2 id="past-title">Past results</h2>
        <PastResultsTable rows={pastRows} />
        {scenario.results.length >= 10 && <p className="m-0 mt-1 text-xs text-muted-foreground">The 10 most recent runs.</p>}
      </section>
    </>
  );
});
