import Link from "next/link";
import { ALL_ROLES, BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { listBenchmarkRuns } from "@/lib/benchmarks/list-benchmark-runs";
import { listBenchmarkSuites } from "@/lib/benchmarks/manage-benchmark-suites";
import { DEMO_TINY_MODEL_ALIAS } from "@/lib/benchmarks/view/demo-model";
import { lastRunsBySuite, toRunListItem } from "@/lib/benchmarks/view/run-list-item";
import { listModels } from "@/lib/catalog/manage-models";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { ImportSuiteDialog } from "./_components/import-suite-dialog";
import { toModelOptions } from "./_components/model-options";
import { RunsTable } from "./_components/runs-table";
import { StarterSuitesButton } from "./_components/starter-suites-button";
import { SuitesTable } from "./_components/suites-table";

export const dynamic = "force-dynamic";

const RECENT_RUNS = 50;
// Enough history for each suite's last run per model.
const HISTORY_RUNS = 200;

// Suites, what they last measured per model, and the recent runs with their live progress.
export default withPage(ALL_ROLES, async ({ principal }) => {
  const db = getDb();
  const [suites, history, models] = await Promise.all([
    listBenchmarkSuites(db, principal),
    listBenchmarkRuns(db, principal, { limit: HISTORY_RUNS }),
    listModels(db, principal),
  ]);
  const runs = history.map(toRunListItem);
  const lastRuns = lastRunsBySuite(runs);
  const options = toModelOptions(models);
  const canRun = BENCHMARK_RUNNERS.includes(principal.role);
  const quickRunModel = options.find((m) => m.alias === DEMO_TINY_MODEL_ALIAS && m.servable)?.alias ?? null;
  const rows = suites.map((s) => ({
    id: s.id, name: s.name, description: s.description, caseCount: s.caseCount, starter: s.starterKey !== null,
    lastRuns: (lastRuns.get(s.id) ?? []).map((r) => ({ runId: r.id, model: r.model, passRate: r.headline?.passRate ?? null })),
  }));
  return (
    <>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="mb-0">Benchmarks</h1>
        <div className="flex flex-wrap items-center gap-2">
          {canRun && suites.length > 0 && <ImportSuiteDialog />}
          {canRun && suites.length > 0 && <StarterSuitesButton />}
          <Link href="/benchmarks/compare">Compare runs and models</Link>
        </div>
      </div>
      <p className="text-muted-foreground">
        Suites of cases with checks, run against catalog models through the proxy: every request is metered and priced in the Benchmarks project, and each run stops at its own cost cap.
        Timings follow vLLM&apos;s definitions (TTFT, TPOT, ITL, E2E); checks follow promptfoo&apos;s assertions.
      </p>
      {suites.length === 0 ? (
        <section className="card mb-4 grid justify-items-start gap-3" aria-labelledby="no-suites" data-testid="no-suites">
          <h2 id="no-suites" className="mb-0">No suites yet</h2>
          <p className="m-0 text-muted-foreground">
            Start with the suites Tollgate ships (classification, extraction to JSON, summarisation, arithmetic, tool calling, triage: 20+ cases each), or import your own promptfoo config.
          </p>
          {canRun ? (
            <div className="flex flex-wrap items-center gap-2">
              <StarterSuitesButton prominent />
              <ImportSuiteDialog prominent />
            </div>
          ) : (
            <p className="m-0 text-muted-foreground">An owner, admin or engineer can add them.</p>
          )}
        </section>
      ) : (
        <section className="card mb-4" aria-labelledby="suites-title">
          <h2 id="suites-title">Suites</h2>
          <SuitesTable suites={rows} models={options} canRun={canRun} quickRunModel={quickRunModel} />
        </section>
      )}
      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Recent runs</h2>
        <RunsTable initial={runs.slice(0, RECENT_RUNS)} query={`limit=${RECENT_RUNS}`} />
      </section>
    </>
  );
});
