import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { listChannels } from "@/lib/alerts/manage-channels";
import { ALL_ROLES, BENCHMARK_RUNNERS } from "@/lib/auth/principal";
import { listBenchmarkRuns } from "@/lib/benchmarks/list-benchmark-runs";
import { listBenchmarkSchedules } from "@/lib/benchmarks/manage-benchmark-schedules";
import { getBenchmarkSuite } from "@/lib/benchmarks/manage-benchmark-suites";
import { suiteDefinitionSchema } from "@/lib/benchmarks/suite-schema";
import { checkLabels, describeVars, firstUserMessagePreview, LIST_SEPARATOR } from "@/lib/benchmarks/view/describe-case";
import { formatInTimezone, nextCronRuns } from "@/lib/benchmarks/view/next-cron-runs";
import { describeRunConfig } from "@/lib/benchmarks/view/run-options-fields";
import { DEMO_TINY_MODEL_ALIAS } from "@/lib/benchmarks/view/demo-model";
import { toRunListItem } from "@/lib/benchmarks/view/run-list-item";
import { listModels } from "@/lib/catalog/manage-models";
import { getEncryptionKey } from "@/lib/crypto/get-encryption-key";
import { getDb } from "@/lib/db";
import { formatNumber } from "@/lib/format/format-number";
import { AppError } from "@/lib/http/app-error";
import { withPage } from "@/lib/http/with-page";
import { ConfirmActionButton } from "../../../_components/confirm-action-button";
import { CasesTable } from "../../_components/cases-table";
import { DeleteSuiteButton } from "../../_components/delete-suite-button";
import { EditSuiteDialog } from "../../_components/edit-suite-dialog";
import { toModelOptions } from "../../_components/model-options";
import { RunSuiteDialog } from "../../_components/run-suite-dialog";
import { RunsTable } from "../../_components/runs-table";
import { ScheduleDialog } from "../../_components/schedule-dialog";
import { ScheduleToggle } from "../../_components/schedule-toggle";

export const dynamic = "force-dynamic";

const HISTORY = 50;

// One suite: its cases, export and edit, its schedules (cron, models, options, regression alerts) and its run history.
export default withPage(ALL_ROLES, async ({ principal, params }) => {
  const db = getDb();
  const suiteId = params.suiteId!;
  const suite = await getBenchmarkSuite(db, principal, suiteId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!suite) return <p role="alert">No such benchmark suite. <Link href="/benchmarks">Back to Benchmarks</Link></p>;
  const [schedules, runs, models, channels] = await Promise.all([
    listBenchmarkSchedules(db, principal),
    listBenchmarkRuns(db, principal, { suiteId, limit: HISTORY }),
    listModels(db, principal),
    listChannels(db, principal, getEncryptionKey()),
  ]);
  const canRun = BENCHMARK_RUNNERS.includes(principal.role);
  const definition = suiteDefinitionSchema.safeParse(suite.definition);
  const cases = definition.success ? definition.data.cases : [];
  const rows = cases.map((c) => ({ id: c.id, prompt: firstUserMessagePreview(c), vars: describeVars(c.vars).join(LIST_SEPARATOR), checks: checkLabels(c.checks, 24, c.vars).join(LIST_SEPARATOR) }));
  const options = toModelOptions(models);
  const demoModel = options.find((m) => m.alias === DEMO_TINY_MODEL_ALIAS && m.servable)?.alias;
  const mine = schedules.filter((s) => s.suiteId === suiteId);
  const channelName = new Map(channels.map((c) => [c.id, c.name]));
  const now = new Date();
  return (
    <>
      <p><Link href="/benchmarks">← Benchmarks</Link></p>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="mb-0">{suite.name}{suite.starterKey && <Badge className="ml-2 align-middle">starter</Badge>}</h1>
        <div className="flex flex-wrap items-center gap-2">
          {canRun && <RunSuiteDialog suite={{ id: suite.id, name: suite.name, caseCount: suite.caseCount }} models={options} defaultModels={demoModel ? [demoModel] : []} />}
          <a href={`/api/manage/v1/benchmarks/suites/${suite.id}/export`} download className="text-sm">Export YAML</a>
          {canRun && <EditSuiteDialog suite={{ id: suite.id, name: suite.name, description: suite.description, judgeModel: suite.judgeModel }} models={models.map((m) => m.alias)} />}
          {canRun && <DeleteSuiteButton suite={{ id: suite.id, name: suite.name }} />}
        </div>
      </div>
      {suite.description && <p className="text-muted-foreground">{suite.description}</p>}
      <p className="text-sm text-muted-foreground">
        {formatNumber(suite.caseCount)} cases · judge model for llm-rubric checks: {suite.judgeModel ?? "none"} · updated {suite.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
      </p>
      {!definition.success && <p role="alert" className="text-destructive">This suite&apos;s stored cases no longer match the schema; edit its YAML to repair it.</p>}

      <section className="card mb-4" aria-labelledby="cases-title">
        <h2 id="cases-title">Cases</h2>
        <CasesTable rows={rows} />
      </section>

      <section className="card mb-4" aria-labelledby="schedules-title">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="schedules-title" className="mb-0">Schedules</h2>
          {canRun && <ScheduleDialog suite={{ id: suite.id, name: suite.name }} models={options} channels={channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind }))} />}
        </div>
        {mine.length === 0 ? (
          <p className="text-muted-foreground">Not scheduled. A schedule runs the suite on a cron and alerts when the pass rate drops or p95 TTFT rises against recent runs.</p>
        ) : (
          <div className="max-w-full overflow-x-auto">
            <Table data-testid="schedules-table">
              <caption className="sr-only">Schedules of this suite</caption>
              <THead><Tr className="hover:bg-transparent"><Th>Cron</Th><Th>Next runs</Th><Th>Models</Th><Th>Options</Th><Th>Regression alerts</Th><Th>Enabled</Th>{canRun && <Th><span className="sr-only">Actions</span></Th>}</Tr></THead>
              <TBody>
                {mine.map((s) => {
                  const next = s.enabled ? nextCronRuns(s.cron, s.timezone, 3, now) : null;
                  const label = `${s.cron} (${s.timezone})`;
                  const alerts = [
                    s.alertPassRateDropPoints !== null ? `pass rate −${s.alertPassRateDropPoints.toFixed()} points` : null,
                    s.alertTtftP95RisePercent !== null ? `p95 TTFT +${s.alertTtftP95RisePercent.toFixed()}%` : null,
                  ].filter(Boolean);
                  return (
                    <Tr key={s.id}>
                      <Td><code className="whitespace-nowrap">{s.cron}</code><span className="block text-xs text-muted-foreground">{s.timezone}</span></Td>
                      <Td className="whitespace-nowrap text-sm tabular-nums">{next === null ? <span className="text-muted-foreground">disabled</span> : next.ok ? next.next.map((d) => <span key={d.toISOString()} className="block">{formatInTimezone(d, s.timezone)}</span>) : <span className="text-destructive">{next.message}</span>}</Td>
                      <Td>{s.modelAliases.join(", ")}</Td>
                      <Td className="text-sm">{describeRunConfig(s.config)}</Td>
                      <Td className="text-sm">
                        {alerts.length ? `${alerts.join(", ")} vs median of last ${s.alertBaselineRuns}` : <span className="text-muted-foreground">none</span>}
                        {s.channelIds.length > 0 && <span className="block text-xs text-muted-foreground">to {s.channelIds.map((c) => channelName.get(c) ?? "a deleted channel").join(", ")}</span>}
                      </Td>
                      <Td>{canRun ? <ScheduleToggle scheduleId={s.id} enabled={s.enabled} label={label} /> : s.enabled ? "on" : "off"}</Td>
                      {canRun && (
                        <Td className="flex gap-2">
                          <ScheduleDialog suite={{ id: suite.id, name: suite.name }} models={options} channels={channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind }))}
                            existing={{ id: s.id, cron: s.cron, timezone: s.timezone, modelAliases: s.modelAliases, config: s.config, alertPassRateDropPoints: s.alertPassRateDropPoints?.toFixed() ?? null,
                              alertTtftP95RisePercent: s.alertTtftP95RisePercent?.toFixed() ?? null, alertBaselineRuns: s.alertBaselineRuns, channelIds: s.channelIds, enabled: s.enabled }} />
                          <ConfirmActionButton url={`/api/manage/v1/benchmarks/schedules/${s.id}`} label="Delete" title={`Delete the schedule ${label}?`}
                            confirmText="No more runs start from it; runs it already made are kept." confirmLabel="Delete schedule" done="Schedule deleted" />
                        </Td>
                      )}
                    </Tr>
                  );
                })}
              </TBody>
            </Table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="history-title">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="history-title" className="mb-0">Run history</h2>
          <Link href={`/benchmarks/compare?suite=${suite.id}`}>Quality versus cost and trends</Link>
        </div>
        <RunsTable initial={runs.map(toRunListItem)} query={`suiteId=${encodeURIComponent(suite.id)}&limit=${HISTORY}`} caption={`Runs of ${suite.name}`} testId="suite-runs-table" />
      </section>
    </>
  );
});
