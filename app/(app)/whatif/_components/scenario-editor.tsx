"use client";

// A new what-if scenario: name, a range of org-local days (the dashboards'
// presets), ordered rules, the token adjustments and an optional local
// burst. The API's schema checks the form before it is sent; what only the
// server knows (a model without a price from the range's start, an unknown
// suite) comes back as a 422 naming the rule and field and is shown on that
// field. Saved, it is run at once and the scenario's page follows the run.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { useMemo, useState } from "react";
import { FormProvider, useFieldArray, useForm, useFormContext, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { Button, buttonVariants } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { dateRangePresets } from "@/lib/dashboard/date-range-presets";
import { MAX_SCENARIO_RULES, type Scenario } from "@/lib/whatif/scenario-schema";
import { emptyScenario, emptyScenarioRule, type ScenarioFields } from "@/lib/whatif/view/scenario-fields";
import { scenarioResolver, serverFieldErrors } from "@/lib/whatif/view/scenario-resolver";
import { ModelSelect } from "../../routing/_components/model-select";
import type { WhatIfOptions } from "./load-whatif-options";
import { ScenarioRuleCard } from "./scenario-rule-card";
import { useScenarioError } from "./use-scenario-error";

type Failure = { message: string; details: { field: string; message: string }[] };
type Answer<T> = { ok: true; data: T } | ({ ok: false } & Failure);

async function send<T>(url: string, body?: unknown): Promise<Answer<T>> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
    const json = (await res.json().catch(() => ({}))) as { data?: T; error?: { message?: string; details?: unknown } };
    if (res.ok) return { ok: true, data: json.data as T };
    const details = Array.isArray(json.error?.details)
      ? json.error.details.filter((d): d is { field: string; message: string } => typeof d?.field === "string" && typeof d?.message === "string")
      : [];
    return { ok: false, message: json.error?.message ?? `Request failed (${res.status})`, details };
  } catch {
    return { ok: false, message: "Network error: nothing was saved; please try again", details: [] };
  }
}

function BurstFields({ options }: { options: WhatIfOptions }) {
  const { control, register } = useFormContext<ScenarioFields>();
  const burst = useWatch({ control, name: "localBurst" });
  const error = useScenarioError();
  return (
    <fieldset className="m-0 min-w-0 rounded-lg border border-border bg-card p-3">
      <legend className="px-1 text-sm font-medium">Local model with cloud burst (optional)</legend>
      <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-4 p-0" {...register("localBurst.enabled")} />
        A rule moves traffic to a local model: serve up to its capacity locally, spill the rest to a cloud model
      </label>
      {burst.enabled && (
        <div className="mt-2 grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] items-start gap-x-3 gap-y-2">
          <FormField label="Local model" error={error("localBurst.localModel")}>
            <ModelSelect models={options.models} only="local" current={burst.localModel} {...register("localBurst.localModel")} />
          </FormField>
          <FormField label="Capacity measured as">
            <Select {...register("localBurst.capacityKind")}>
              <option value="concurrent">Requests in flight</option>
              <option value="rps">Requests per second</option>
            </Select>
          </FormField>
          <FormField label="Capacity" hint={burst.capacityKind === "rps" ? "Requests per second it serves" : "Requests in flight it serves"} error={error("localBurst.capacity")}>
            <Input inputMode="decimal" {...register("localBurst.capacity")} />
          </FormField>
          <FormField label="Machine cost per hour (USD)" hint="Paid for every hour of the range" error={error("localBurst.hourlyCostUsd")}>
            <Input inputMode="decimal" placeholder="1.20" {...register("localBurst.hourlyCostUsd")} />
          </FormField>
          <FormField label="Spill to cloud model" error={error("localBurst.cloudModel")}>
            <ModelSelect models={options.models.filter((m) => !m.isLocal)} current={burst.cloudModel} {...register("localBurst.cloudModel")} />
          </FormField>
        </div>
      )}
      {error("localBurst.root") && <p role="alert" className="m-0 mt-1 text-xs text-destructive">{error("localBurst.root")}</p>}
    </fieldset>
  );
}

export function ScenarioEditor({ options }: { options: WhatIfOptions }) {
  const router = useRouter();
  const presets = useMemo(() => dateRangePresets(new Date(), options.timezone).filter((p) => p.id !== "today"), [options.timezone]);
  const initial = presets.find((p) => p.id === "30d") ?? presets[0]!;
  const resolver = useMemo(() => scenarioResolver(options.timezone), [options.timezone]);
  const form = useForm<ScenarioFields, unknown, Scenario>({ resolver, defaultValues: emptyScenario({ from: initial.from, to: initial.to }) });
  const { register, control, handleSubmit, setValue, setError, formState: { errors } } = form;
  const rules = useFieldArray({ control, name: "rules" });
  const range = useWatch({ control, name: ["from", "to"] });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, setPending] = useState(false);

  const save = handleSubmit(async (scenario) => {
    setPending(true);
    setFailure(null);
    try {
      const created = await send<{ id: string }>("/api/manage/v1/whatif/scenarios", scenario);
      if (!created.ok) {
        setFailure(created);
        // A 422's details go onto the fields they name.
        for (const [path, message] of serverFieldErrors(created.details)) setError(path as "root", { type: "server", message });
        return;
      }
      const run = await send<{ resultId: string }>(`/api/manage/v1/whatif/scenarios/${created.data.id}/run`);
      if (run.ok) toast.success(`Saved ${scenario.name}; the simulation is running`);
      else toast.error(`Saved ${scenario.name}, but the run did not start: ${run.message}`);
      router.push(`/whatif/${created.data.id}`);
    } finally {
      setPending(false);
    }
  });

  const rootError = errors.root?.message ?? (errors.rules as { root?: { message?: string } } | undefined)?.root?.message ?? (errors.rules as { message?: string } | undefined)?.message;
  const adjustmentsError = (errors.adjustments as { root?: { message?: string } } | undefined)?.root?.message;
  return (
    <FormProvider {...form}>
      <form onSubmit={(e) => void save(e)} noValidate aria-label="New what-if scenario" className="grid gap-4">
        <section className="card grid gap-3" aria-label="Scenario">
          <div className="grid grid-cols-1 items-start gap-x-3 gap-y-2 md:grid-cols-[minmax(0,1fr)_10rem_10rem]">
            <FormField label="Name" error={errors.name?.message}><Input maxLength={200} autoComplete="off" {...register("name")} /></FormField>
            <FormField label="From (first day)" error={errors.from?.message}><Input type="date" {...register("from")} /></FormField>
            <FormField label="To (last day)" error={errors.to?.message}><Input type="date" {...register("to")} /></FormField>
          </div>
          <nav aria-label="Date range presets" className="flex flex-wrap items-center gap-1.5">
            {presets.map((p) => {
              const active = range[0] === p.from && range[1] === p.to;
              return (
                <Button key={p.id} size="sm" variant={active ? "default" : "outline"} aria-pressed={active}
                  onClick={() => { setValue("from", p.from, { shouldDirty: true }); setValue("to", p.to, { shouldDirty: true }); }}>
                  {p.label}
                </Button>
              );
            })}
            <span className="text-xs text-muted-foreground">Days in {options.timezone}; a range that reaches today stops at the end of this hour.</span>
          </nav>
        </section>

        <section className="grid gap-3" aria-labelledby="rules-title">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="rules-title" className="m-0">Rules</h2>
            <p className="m-0 text-xs text-muted-foreground">Tried in order: each request is decided by the first rule that matches it.</p>
          </div>
          {rules.fields.map((f, i) => (
            <ScenarioRuleCard key={f.id} index={i} count={rules.fields.length} options={options} onMove={(to) => rules.move(i, to)} onRemove={() => rules.remove(i)} />
          ))}
          <div>
            <Button variant="outline" disabled={rules.fields.length >= MAX_SCENARIO_RULES} onClick={() => rules.append(emptyScenarioRule())}><Plus aria-hidden />Add rule</Button>
          </div>
        </section>

        <fieldset className="m-0 min-w-0 rounded-lg border border-border bg-card p-3">
          <legend className="px-1 text-sm font-medium">Adjustments</legend>
          <ul className="m-0 grid list-none gap-1 p-0 text-sm">
            <li><label className="flex items-center gap-2"><input type="checkbox" className="size-4 p-0" {...register("adjustments.tokenizerRatio")} />Scale input tokens by the target&apos;s tokenizer ratio (measured on shared benchmark cases, else a default per model family)</label></li>
            <li><label className="flex items-center gap-2"><input type="checkbox" className="size-4 p-0" {...register("adjustments.outputLengthRatio")} />Scale output tokens by the target&apos;s output-length ratio</label></li>
            <li><label className="flex items-center gap-2"><input type="checkbox" className="size-4 p-0" {...register("adjustments.carryCachedInput")} />Keep cached-input pricing when the target is another provider&apos;s</label></li>
          </ul>
          {adjustmentsError && <p role="alert" className="m-0 mt-1 text-xs text-destructive">{adjustmentsError}</p>}
        </fieldset>

        <BurstFields options={options} />

        <div className="grid gap-2">
          <FormError message={rootError ?? failure?.message ?? null} />
          {failure && failure.details.length > 1 && (
            <ul className="m-0 grid gap-0.5 text-sm text-warn-text" aria-label="Every problem the server found">
              {failure.details.map((d, k) => <li key={k}><code>{d.field}</code>: {d.message}</li>)}
            </ul>
          )}
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save and run"}</Button>
            <Link href="/whatif" className={buttonVariants({ variant: "outline", className: "no-underline" })}>Cancel</Link>
          </div>
        </div>
      </form>
    </FormProvider>
  );
}
