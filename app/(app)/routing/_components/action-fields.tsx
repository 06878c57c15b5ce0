"use client";

// The fields of a rule's action, for the kind chosen: one model; a split; a
// fallback chain; a cascade with what makes it escalate; or a local model
// with its capacity and the cloud model it bursts to. The other kinds keep
// what was typed into them (switching back restores it).
import { useFormContext, useWatch } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { ESCALATION_TRIGGERS } from "@/lib/routing/policy-schema";
import type { PolicyFields } from "@/lib/routing/view/policy-fields";
import type { ModelOption } from "./editor-options";
import { ModelChainFields } from "./model-chain-fields";
import { ModelSelect } from "./model-select";
import { SplitTargetsFields } from "./split-targets-fields";
import { useFieldError } from "./use-field-error";

const TRIGGER_LABELS: Record<(typeof ESCALATION_TRIGGERS)[number], string> = {
  "invalid-json": "Invalid JSON (JSON-mode requests)",
  "schema-mismatch": "Does not match the response_format schema",
  length: "Cut off (finish reason length)",
  empty: "Empty answer",
};

export function ActionFields({ rule, models }: { rule: number; models: ModelOption[] }) {
  const { control, register } = useFormContext<PolicyFields>();
  const at = `rules.${rule}.action` as const;
  const action = useWatch({ control, name: at });
  const error = useFieldError();
  switch (action.kind) {
    case "route":
      return (
        <FormField label="Model" error={error(`${at}.model`)} className="max-w-md">
          <ModelSelect models={models} current={action.model} {...register(`${at}.model`)} />
        </FormField>
      );
    case "split":
      return <SplitTargetsFields rule={rule} models={models} />;
    case "fallback":
      return <ModelChainFields rule={rule} models={models} legend="Fallback chain, tried in order" />;
    case "cascade":
      return (
        <div className="grid gap-2">
          <ModelChainFields rule={rule} models={models} legend="Cascade, cheapest first" />
          <fieldset className="m-0 min-w-0 rounded-md border border-border p-2">
            <legend className="px-1 text-sm font-medium">Escalate to the next model when the answer is</legend>
            {error(`${at}.escalateOn`) && <p role="alert" className="m-0 mb-1 text-xs text-destructive">{error(`${at}.escalateOn`)}</p>}
            <ul className="m-0 grid list-none grid-cols-1 gap-0.5 p-0 sm:grid-cols-2">
              {ESCALATION_TRIGGERS.map((t) => (
                <li key={t}><label className="flex items-center gap-2 text-sm"><input type="checkbox" value={t} className="size-4 p-0" {...register(`${at}.escalateOn`)} />{TRIGGER_LABELS[t]}</label></li>
              ))}
            </ul>
            <FormField label="Or fails one of these checks (JSON, the benchmark suites' assertions)" hint='e.g. [{"type": "contains", "value": "Ticket"}]' error={error(`${at}.customChecks`)} className="mt-2">
              <Textarea rows={3} spellCheck={false} className="font-mono text-xs" {...register(`${at}.customChecks`)} />
            </FormField>
            <p className="m-0 mt-1 text-xs text-muted-foreground">Non-streaming requests only; a streamed request is served by the first model.</p>
          </fieldset>
        </div>
      );
    case "local-first":
      return (
        <div className="grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] items-start gap-x-3 gap-y-2">
          <FormField label="Local model" error={error(`${at}.localModel`)}>
            <ModelSelect models={models} only="local" current={action.localModel} {...register(`${at}.localModel`)} />
          </FormField>
          <FormField label="Capacity (requests in flight)" hint="Across every proxy; at this, new requests burst" error={error(`${at}.maxConcurrent`)}>
            <Input inputMode="numeric" {...register(`${at}.maxConcurrent`)} />
          </FormField>
          <FormField label="TTFT objective (ms)" hint="Optional: burst while p95 TTFT is above it" error={error(`${at}.ttftObjectiveMs`)}>
            <Input inputMode="numeric" {...register(`${at}.ttftObjectiveMs`)} />
          </FormField>
          <FormField label="Cloud model" error={error(`${at}.cloud`)}>
            <ModelSelect models={models} current={action.cloud} {...register(`${at}.cloud`)} />
          </FormField>
          <FormField label="Back to local below (% of capacity)" hint="Hysteresis; default 75" error={error(`${at}.resumeBelowPercent`)}>
            <Input inputMode="numeric" {...register(`${at}.resumeBelowPercent`)} />
          </FormField>
        </div>
      );
  }
}
