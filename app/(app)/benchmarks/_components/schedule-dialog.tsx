"use client";

// A new schedule for this suite, or an edit of one (PATCH with every field): cron (with its next fire times in the
// chosen timezone), models, run options and regression alerts (pass-rate
// drop in points, p95 TTFT rise in percent, against the median of the last
// N runs) sent to the org's alert channels. Validated with the API's own
// schema, loaded when the form is submitted (the cron parser stays out of
// the page's first load); the hint loads the same parser when the dialog opens.
import { useEffect, useId, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { CreateScheduleInput } from "@/lib/benchmarks/schedule-schemas";
import { DEFAULT_RUN_OPTIONS, fieldsFromRunConfig, RUN_OPTION_FIELD_FOR, runConfigFromFields, type RunOptionsFields } from "@/lib/benchmarks/view/run-options-fields";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { useApiSubmit } from "../../_components/api-form";
import { ModelCheckboxes } from "./model-checkboxes";
import type { ModelOption } from "./model-options";
import { RunOptionsInputs } from "./run-options-inputs";

type ScheduleFields = RunOptionsFields & {
  cron: string;
  timezone: string;
  models: string[];
  alertPassRateDropPoints: string;
  alertTtftP95RisePercent: string;
  alertBaselineRuns: string;
  channelIds: string[];
  enabled: boolean;
};

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);
const optionalNumber = (s: string) => (s.trim() === "" ? null : Number(s.trim()));

function bodyFor(suiteId: string) {
  return (f: ScheduleFields) => ({
    suiteId, cron: f.cron.trim(), timezone: f.timezone.trim() || "UTC", models: list(f.models), config: runConfigFromFields(f),
    alertPassRateDropPoints: optionalNumber(f.alertPassRateDropPoints), alertTtftP95RisePercent: optionalNumber(f.alertTtftP95RisePercent),
    alertBaselineRuns: f.alertBaselineRuns.trim() === "" ? undefined : Number(f.alertBaselineRuns.trim()), channelIds: list(f.channelIds), enabled: f.enabled,
  });
}

function lazyScheduleResolver(suiteId: string): Resolver<ScheduleFields, unknown, CreateScheduleInput> {
  return async (values, context, options) => {
    const { createScheduleSchema } = await import("@/lib/benchmarks/schedule-schemas");
    const result = await resolveWithApiSchema(createScheduleSchema, bodyFor(suiteId), { ...RUN_OPTION_FIELD_FOR, models: "models", channelIds: "channelIds" })(values, context, options);
    // The schema's own words for an empty list ("expected array to have >=1 items") are not the form's.
    if (list(values.models).length === 0) return { values: {}, errors: { ...result.errors, models: { type: "too_small", message: "pick at least one model" } } };
    return result;
  };
}

type Preview = { ok: true; next: string[] } | { ok: false; message: string } | null;

/** A saved schedule, as the suite page lists it, for the edit form. */
export interface ExistingSchedule {
  id: string;
  cron: string;
  timezone: string;
  modelAliases: string[];
  config: unknown;
  alertPassRateDropPoints: string | null;
  alertTtftP95RisePercent: string | null;
  alertBaselineRuns: number;
  channelIds: string[];
  enabled: boolean;
}

function fieldsOf(existing: ExistingSchedule | undefined): ScheduleFields {
  if (!existing) return { ...DEFAULT_RUN_OPTIONS, cron: "0 6 * * *", timezone: "UTC", models: [], alertPassRateDropPoints: "5", alertTtftP95RisePercent: "50", alertBaselineRuns: "5", channelIds: [], enabled: true };
  return {
    ...fieldsFromRunConfig(existing.config), cron: existing.cron, timezone: existing.timezone, models: existing.modelAliases,
    alertPassRateDropPoints: existing.alertPassRateDropPoints ?? "", alertTtftP95RisePercent: existing.alertTtftP95RisePercent ?? "",
    alertBaselineRuns: String(existing.alertBaselineRuns), channelIds: existing.channelIds, enabled: existing.enabled,
  };
}

export function ScheduleDialog({ suite, models, channels, existing }: { suite: { id: string; name: string }; models: ModelOption[]; channels: { id: string; name: string; kind: string }[]; existing?: ExistingSchedule }) {
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<Preview>(null);
  const { submit, error, pending } = useApiSubmit();
  const id = useId();
  const { register, handleSubmit, control, reset, formState: { errors } } = useForm<ScheduleFields, unknown, CreateScheduleInput>({
    resolver: lazyScheduleResolver(suite.id),
    defaultValues: fieldsOf(existing),
  });
  const profile = useWatch({ control, name: "profile" });
  const cron = useWatch({ control, name: "cron" });
  const timezone = useWatch({ control, name: "timezone" });
  useEffect(() => {
    if (!open) return;
    let stale = false;
    void import("@/lib/benchmarks/view/next-cron-runs").then(({ nextCronRuns, formatInTimezone }) => {
      if (stale) return;
      const tz = timezone.trim() || "UTC";
      let result: Preview;
      try {
        const p = nextCronRuns(cron, tz, 3);
        result = p.ok ? { ok: true, next: p.next.map((d) => formatInTimezone(d, tz)) } : p;
      } catch {
        result = { ok: false, message: `unknown timezone "${tz}"` };
      }
      setPreview(result);
    });
    return () => {
      stale = true;
    };
  }, [open, cron, timezone]);
  const onSubmit = handleSubmit(async (body) => {
    if (existing) {
      // The same fields, validated by the same schema; a schedule keeps its suite.
      const { suiteId: _suiteId, ...changes } = body;
      if (!(await submit("PATCH", `/api/manage/v1/benchmarks/schedules/${existing.id}`, changes))) return;
      toast.success(`Schedule ${body.cron} saved`);
      setOpen(false);
      return;
    }
    if (!(await submit("POST", "/api/manage/v1/benchmarks/schedules", body))) return;
    toast.success(`Scheduled ${suite.name}`);
    setOpen(false);
    reset();
  });
  const hint = preview === null ? "minute hour day-of-month month day-of-week" : preview.ok ? `Next: ${preview.next.join(", ")}` : preview.message;
  return (
    <Dialog open={open} onOpenChange={setOpen} wide trigger={existing ? <Button size="sm" variant="outline" aria-label={`Edit the schedule ${existing.cron} (${existing.timezone})`}>Edit</Button> : <Button size="sm" variant="outline">New schedule</Button>} title={existing ? `Edit schedule of ${suite.name}` : `Schedule ${suite.name}`}
      description="The worker runs the suite on this cron against each model (one run of the same suite and model at a time; missed ticks are not piled up).">
      <form onSubmit={onSubmit} noValidate className="grid gap-3" aria-label={`Schedule ${suite.name}`}>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <FormField label="Cron" hint={errors.cron?.message ? undefined : hint} error={errors.cron?.message}><Input className="font-mono" {...register("cron")} /></FormField>
          <FormField label="Timezone (IANA)" error={errors.timezone?.message}><Input list={`${id}-zones`} {...register("timezone")} /></FormField>
          <datalist id={`${id}-zones`}>{["UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney"].map((z) => <option key={z} value={z} />)}</datalist>
        </div>
        <ModelCheckboxes models={models} register={register("models")} error={errors.models?.message} />
        <RunOptionsInputs register={register} errors={errors} profile={profile} />
        <fieldset className="m-0 grid gap-3 rounded-md border border-border p-2">
          <legend className="px-1 text-sm font-medium">Regression alerts</legend>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <FormField label="Pass rate drop (points)" hint="Empty: no alert" error={errors.alertPassRateDropPoints?.message}><Input inputMode="decimal" {...register("alertPassRateDropPoints")} /></FormField>
            <FormField label="p95 TTFT rise (%)" hint="Empty: no alert. Rises under 50 ms never alert." error={errors.alertTtftP95RisePercent?.message}><Input inputMode="decimal" {...register("alertTtftP95RisePercent")} /></FormField>
            <FormField label="Baseline: median of the last N runs" error={errors.alertBaselineRuns?.message}><Input inputMode="numeric" {...register("alertBaselineRuns")} /></FormField>
          </div>
          {channels.length === 0 ? (
            <p className="m-0 text-sm text-muted-foreground">No alert channels yet: alerts go to the in-app list. Add channels under Alerts.</p>
          ) : (
            <div>
              <p className="m-0 mb-1 text-sm font-medium" id={`${id}-channels`}>Send alerts to</p>
              <ul className="m-0 flex list-none flex-wrap gap-x-4 gap-y-1 p-0" aria-labelledby={`${id}-channels`}>
                {channels.map((c) => (
                  <li key={c.id}><label className="flex items-center gap-2 text-sm"><input type="checkbox" value={c.id} className="size-4 p-0" {...register("channelIds")} />{c.name} <span className="text-muted-foreground">({c.kind})</span></label></li>
                ))}
              </ul>
              {errors.channelIds?.message && <p className="m-0 mt-1 text-xs text-destructive">{errors.channelIds.message}</p>}
            </div>
          )}
        </fieldset>
        <label className="flex items-center gap-2 text-sm font-medium"><input type="checkbox" className="size-4 p-0" {...register("enabled")} /> Enabled</label>
        <FormError message={errors.root?.message ?? error} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : existing ? "Save schedule" : "Create schedule"}</Button>
        </div>
      </form>
    </Dialog>
  );
}
