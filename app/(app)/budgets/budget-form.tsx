"use client";

import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { budgetInputSchema, type BudgetInput } from "@/lib/budgets/budget-schemas";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useApiSubmit } from "../_components/api-form";

export interface BudgetFormOptions {
  projects: { id: string; name: string }[];
  keys: { id: string; label: string }[];
  models: string[];
  channels: { id: string; name: string; kind: string }[];
}

/** A stored budget, as the edit form starts from it. */
export interface BudgetFormValues {
  id?: string;
  name: string;
  scope: string;
  projectId: string | null;
  apiKeyId: string | null;
  tag: string | null;
  period: string;
  amountUsd: string;
  mode: string;
  thresholds: number[];
  breachAction: string;
  downgradeToModel: string | null;
  downgradeToTier: string | null;
  throttleRpm: number | null;
  channelIds: string[];
}

/** What the inputs hold: text, and the checked channel ids. */
interface BudgetFields {
  name: string; scope: string; projectId: string; apiKeyId: string; tag: string; period: string; amountUsd: string; mode: string;
  thresholds: string; breachAction: string; downgradeToModel: string; downgradeToTier: string; throttleRpm: string; channelIds: string[] | string | false;
}

function fieldsFrom(b: BudgetFormValues): BudgetFields {
  return {
    name: b.name, scope: b.scope, projectId: b.projectId ?? "", apiKeyId: b.apiKeyId ?? "", tag: b.tag ?? "", period: b.period, amountUsd: b.amountUsd, mode: b.mode,
    thresholds: b.thresholds.join(", "), breachAction: b.breachAction, downgradeToModel: b.downgradeToModel ?? "", downgradeToTier: b.downgradeToTier ?? "economy",
    throttleRpm: String(b.throttleRpm ?? 10), channelIds: b.channelIds,
  };
}

/** The one place the inputs become the API's body: only the target and action fields the choice uses, numbers as numbers. */
function toBody(f: BudgetFields) {
  const text = (v: string) => v.trim() || null;
  const downgrade = f.breachAction === "downgrade";
  return {
    name: f.name, scope: f.scope, period: f.period, amountUsd: f.amountUsd, mode: f.mode, breachAction: f.breachAction,
    projectId: f.scope === "project" ? text(f.projectId) : null,
    apiKeyId: f.scope === "key" ? text(f.apiKeyId) : null,
    tag: f.scope === "tag" ? text(f.tag) : null,
    thresholds: f.thresholds.split(/[,\s]+/).filter(Boolean).map(Number),
    downgradeToModel: downgrade ? text(f.downgradeToModel) : null,
    downgradeToTier: downgrade && !text(f.downgradeToModel) ? text(f.downgradeToTier) : null,
    throttleRpm: f.breachAction === "throttle" ? Number(f.throttleRpm) : null,
    // One checkbox registers as a single value, several as a list, none checked as false.
    channelIds: Array.isArray(f.channelIds) ? f.channelIds : f.channelIds ? [f.channelIds] : [],
  };
}

const resolver = resolveWithApiSchema(budgetInputSchema, toBody);

const EMPTY: BudgetFormValues = {
  name: "", scope: "project", projectId: null, apiKeyId: null, tag: null, period: "month", amountUsd: "", mode: "hard",
  thresholds: [50, 80, 100], breachAction: "block", downgradeToModel: null, downgradeToTier: null, throttleRpm: null, channelIds: [],
};

export function BudgetForm({ options, initial, onDone }: { options: BudgetFormOptions; initial?: BudgetFormValues; onDone?: () => void }) {
  const start = initial ?? { ...EMPTY, projectId: options.projects[0]?.id ?? null };
  const { register, handleSubmit, control, reset, formState: { errors } } = useForm<BudgetFields, unknown, BudgetInput>({ resolver, defaultValues: fieldsFrom(start) });
  const { submit, error, pending } = useApiSubmit();
  const scope = useWatch({ control, name: "scope" });
  const action = useWatch({ control, name: "breachAction" });

  const onSubmit = handleSubmit(async (body) => {
    const saved = await submit(start.id ? "PUT" : "POST", start.id ? `/api/manage/v1/budgets/${start.id}` : "/api/manage/v1/budgets", body);
    if (!saved) return;
    toast.success(start.id ? `Budget "${body.name}" saved` : `Budget "${body.name}" created`);
    if (!start.id) reset();
    onDone?.();
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={start.id ? `Edit budget ${start.name}` : "New budget"} className="grid grid-cols-[repeat(auto-fill,minmax(180px,1fr))] items-start gap-x-3 gap-y-2">
      <FormField label="Name" error={errors.name?.message}><Input maxLength={100} {...register("name")} /></FormField>
      <FormField label="Applies to" error={errors.scope?.message}><Select {...register("scope")}>
          <option value="org">Whole org</option><option value="project">A project</option><option value="key">An API key</option><option value="tag">A tag</option>
        </Select></FormField>
      {scope === "project" && (
        <FormField label="Project" error={errors.projectId?.message}><Select {...register("projectId")}>{options.projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</Select></FormField>
      )}
      {scope === "key" && (
        <FormField label="API key" error={errors.apiKeyId?.message}><Select {...register("apiKeyId")}>{options.keys.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}</Select></FormField>
      )}
      {scope === "tag" && <FormField label="Tag" error={errors.tag?.message}><Input {...register("tag")} /></FormField>}
      <FormField label="Period" error={errors.period?.message}><Select {...register("period")}><option value="day">Day</option><option value="week">Week (from Monday)</option><option value="month">Month</option></Select></FormField>
      <FormField label="Amount (USD)" error={errors.amountUsd?.message}><Input inputMode="decimal" {...register("amountUsd")} /></FormField>
      <FormField label="Mode" error={errors.mode?.message}><Select {...register("mode")}><option value="hard">Hard (enforced)</option><option value="soft">Soft (alerts only)</option></Select></FormField>
      <FormField label="Alert at (% of amount)" error={errors.thresholds?.message}><Input {...register("thresholds")} /></FormField>
      <FormField label="When spent" error={errors.breachAction?.message}><Select {...register("breachAction")}>
          <option value="block">Block requests</option><option value="downgrade">Downgrade to a cheaper model</option><option value="throttle">Throttle requests</option>
        </Select></FormField>
      {action === "downgrade" && (
        <>
          <FormField label="Downgrade to model" error={errors.downgradeToModel?.message}><Select {...register("downgradeToModel")}><option value="">(cheapest of a tier)</option>{options.models.map((m) => <option key={m} value={m}>{m}</option>)}</Select></FormField>
          <FormField label="…or tier" error={errors.downgradeToTier?.message}><Select {...register("downgradeToTier")}><option value="economy">economy</option><option value="mid">mid</option></Select></FormField>
        </>
      )}
      {action === "throttle" && <FormField label="Requests per minute after" error={errors.throttleRpm?.message}><Input type="number" min={1} {...register("throttleRpm")} /></FormField>}
      <fieldset className="col-span-full m-0 border-0 p-0">
        <legend className="text-sm font-medium">Notify</legend>
        {options.channels.length === 0 && <span className="text-muted-foreground">No channels yet: add them on the Alerts page. Alerts always show in-app.</span>}
        {options.channels.map((c) => (
          <label key={c.id} className="mr-3 inline-flex items-center gap-1.5">
            <input type="checkbox" value={c.id} {...register("channelIds")} /> {c.name} <span className="text-muted-foreground">({c.kind})</span>
          </label>
        ))}
        {errors.channelIds?.message && <p className="text-xs text-destructive">{errors.channelIds.message}</p>}
      </fieldset>
      <div><Button type="submit" disabled={pending}>{pending ? "Saving…" : start.id ? "Save budget" : "Create budget"}</Button></div>
      <FormError message={errors.root?.message ?? error} className="col-span-full" />
    </form>
  );
}
