"use client";

// One rule of a scenario: what traffic it matches (every condition given
// must hold; none matches everything an earlier rule did not), the share of
// it that moves, and where: a catalog model, or the cheapest model that
// meets a pass rate on a suite and a p95 TTFT. Rules are tried in order.
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useId } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { CheckboxGroup, ENDPOINT_LABELS } from "../../_components/checkbox-group";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { ROUTE_ENDPOINTS } from "@/lib/routing/policy-schema";
import { TIERS } from "@/lib/whatif/scenario-schema";
import { INPUT_BAND_EDGES } from "@/lib/whatif/traffic-profile";
import type { ScenarioFields } from "@/lib/whatif/view/scenario-fields";
import { ModelSelect } from "../../routing/_components/model-select";
import type { WhatIfOptions } from "./load-whatif-options";
import { useScenarioError } from "./use-scenario-error";

const tokens = (n: number) => (n >= 1024 ? `${n / 1024}k` : String(n));


export function ScenarioRuleCard({ index, count, options, onMove, onRemove }: { index: number; count: number; options: WhatIfOptions; onMove: (to: number) => void; onRemove: () => void }) {
  const { control, register } = useFormContext<ScenarioFields>();
  const target = useWatch({ control, name: `rules.${index}.target` });
  const error = useScenarioError();
  const at = `rules.${index}` as const;
  const listId = useId();
  return (
    <fieldset className="m-0 min-w-0 rounded-lg border border-border bg-card p-3" data-testid={`whatif-rule-${index}`} aria-label={`Rule ${index + 1}`}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 className="m-0 text-sm">Rule {index + 1}</h3>
        <div className="flex items-center gap-1">
          <Button variant="ghost" size="icon" aria-label={`Move rule ${index + 1} up`} disabled={index === 0} onClick={() => onMove(index - 1)}><ArrowUp aria-hidden /></Button>
          <Button variant="ghost" size="icon" aria-label={`Move rule ${index + 1} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}><ArrowDown aria-hidden /></Button>
          <Button variant="ghost" size="icon" aria-label={`Remove rule ${index + 1}`} disabled={count === 1} onClick={onRemove}><Trash2 aria-hidden /></Button>
        </div>
      </div>
      {error(`${at}.root`) && <p role="alert" className="m-0 mb-2 text-xs text-destructive">{error(`${at}.root`)}</p>}
      <div className="grid grid-cols-1 items-start gap-x-3 gap-y-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,13rem)]">
        <FormField label="Rule name" hint="Optional; the result's table names the rule by it" error={error(`${at}.name`)}><Input maxLength={120} autoComplete="off" {...register(`${at}.name`)} /></FormField>
        <FormField label="Share moved (%)" hint="Of the matched traffic, 0–100" error={error(`${at}.sharePercent`)}><Input inputMode="numeric" {...register(`${at}.sharePercent`)} /></FormField>
      </div>

      <fieldset className="m-0 mt-3 min-w-0 rounded-md border border-border p-2">
        <legend className="px-1 text-sm font-medium">Match (every condition given; none given: all traffic no earlier rule took)</legend>
        <div className="grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] items-start gap-x-3 gap-y-2">
          <FormField label="Requested models" hint="Comma-separated, as the requests asked" error={error(`${at}.match.requestedModels`)}>
            <Input list={listId} autoComplete="off" {...register(`${at}.match.requestedModels`)} />
          </FormField>
          <datalist id={listId}>{options.models.map((m) => <option key={m.alias} value={m.alias} />)}</datalist>
          <FormField label="Tags (all of them)" hint="Comma-separated" error={error(`${at}.match.tags`)}>
            <Input autoComplete="off" {...register(`${at}.match.tags`)} />
          </FormField>
          <FormField label="Input tokens at least" hint="Traffic is counted in these bands" error={error(`${at}.match.minInputTokens`)}>
            <Select {...register(`${at}.match.minInputTokens`)}>
              <option value="">Any size</option>
              {INPUT_BAND_EDGES.filter((e) => e > 0).map((e) => <option key={e} value={e}>{tokens(e)}</option>)}
            </Select>
          </FormField>
          <FormField label="Input tokens below" error={error(`${at}.match.maxInputTokens`)}>
            <Select {...register(`${at}.match.maxInputTokens`)}>
              <option value="">Any size</option>
              {INPUT_BAND_EDGES.filter((e) => e > 0).map((e) => <option key={e} value={e}>{tokens(e)}</option>)}
            </Select>
          </FormField>
        </div>
        <div className="mt-2 grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] items-start gap-x-3 gap-y-2">
          <CheckboxGroup legend="Projects" registration={register(`${at}.match.projectIds`)} items={options.projects.map((p) => ({ value: p.id, label: p.name }))} error={error(`${at}.match.projectIds`)} />
          <CheckboxGroup legend="Tiers" registration={register(`${at}.match.tiers`)} items={TIERS.map((t) => ({ value: t, label: t }))} error={error(`${at}.match.tiers`)} />
          <CheckboxGroup legend="Endpoints" registration={register(`${at}.match.endpoints`)} items={ROUTE_ENDPOINTS.map((e) => ({ value: e, label: ENDPOINT_LABELS[e] }))} error={error(`${at}.match.endpoints`)} />
        </div>
        {error(`${at}.match.root`) && <p role="alert" className="m-0 mt-1 text-xs text-destructive">{error(`${at}.match.root`)}</p>}
      </fieldset>

      <fieldset className="m-0 mt-3 min-w-0 rounded-md border border-border p-2">
        <legend className="px-1 text-sm font-medium">Move it to</legend>
        <div className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <label className="flex items-center gap-2"><input type="radio" value="model" className="size-4 p-0" {...register(`${at}.target.kind`)} />A model from the catalog</label>
          <label className="flex items-center gap-2"><input type="radio" value="cheapest" className="size-4 p-0" {...register(`${at}.target.kind`)} />The cheapest model that meets a bar</label>
        </div>
        {error(`${at}.target.root`) && <p role="alert" className="m-0 mb-1 text-xs text-destructive">{error(`${at}.target.root`)}</p>}
        {target.kind === "model" ? (
          <div className="grid grid-cols-[repeat(auto-fill,minmax(220px,1fr))] items-start gap-x-3 gap-y-2">
            <FormField label="Target model" error={error(`${at}.target.model`)}>
              <ModelSelect models={options.models} current={target.model} {...register(`${at}.target.model`)} />
            </FormField>
            <FormField label="Judge quality on suite" hint="Optional; without one, quality is unmeasured" error={error(`${at}.suiteId`)}>
              <Select {...register(`${at}.suiteId`)}>
                <option value="">No suite</option>
                {options.suites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </Select>
            </FormField>
          </div>
        ) : (
          <div className="grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] items-start gap-x-3 gap-y-2">
            <FormField label="Benchmark suite" hint="Its measured pass rates qualify a model" error={error(`${at}.target.suiteId`)}>
              <Select {...register(`${at}.target.suiteId`)}>
                <option value="">Choose a suite</option>
                {options.suites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </Select>
            </FormField>
            <FormField label="Pass rate at least (0–1)" hint="e.g. 0.9 for 90%" error={error(`${at}.target.minPassRate`)}><Input inputMode="decimal" {...register(`${at}.target.minPassRate`)} /></FormField>
            <FormField label="p95 TTFT at most (ms)" error={error(`${at}.target.maxP95TtftMs`)}><Input inputMode="numeric" {...register(`${at}.target.maxP95TtftMs`)} /></FormField>
          </div>
        )}
      </fieldset>
    </fieldset>
  );
}
