"use client";

// A weighted split: target models with whole percents that must sum to 100
// (the running total is shown as it is typed), and what keeps a caller on
// one target (their `user`, the session header, or nothing).
import { Plus, X } from "lucide-react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { MAX_SPLIT_TARGETS } from "@/lib/routing/policy-schema";
import type { PolicyFields } from "@/lib/routing/view/policy-fields";
import type { ModelOption } from "./editor-options";
import { ModelSelect } from "./model-select";
import { useFieldError } from "./use-field-error";

export function SplitTargetsFields({ rule, models }: { rule: number; models: ModelOption[] }) {
  const { control, register } = useFormContext<PolicyFields>();
  const name = `rules.${rule}.action.targets` as const;
  const targets = useFieldArray({ control, name });
  const values = useWatch({ control, name }) ?? [];
  const error = useFieldError();
  const total = values.reduce((n, t) => n + (/^\d+$/.test(t?.percent?.trim() ?? "") ? Number(t.percent) : 0), 0);
  const listError = error(`${name}.root`);
  return (
    <div className="grid gap-2">
      <fieldset className="m-0 min-w-0 max-w-2xl rounded-md border border-border p-2">
        <legend className="px-1 text-sm font-medium">Targets</legend>
        {listError && <p role="alert" className="m-0 mb-1 text-xs text-destructive">{listError}</p>}
        <ul className="m-0 grid list-none gap-1.5 p-0">
          {targets.fields.map((f, j) => (
            <li key={f.id} className="grid grid-cols-[minmax(0,1fr)_7rem_auto] items-start gap-1.5">
              <FormField label={`Target ${j + 1}`} error={error(`${name}.${j}.model`)}>
                <ModelSelect models={models} current={values[j]?.model ?? ""} {...register(`${name}.${j}.model`)} />
              </FormField>
              <FormField label="Percent" error={error(`${name}.${j}.percent`)}>
                <Input inputMode="numeric" {...register(`${name}.${j}.percent`)} />
              </FormField>
              <Button variant="ghost" size="icon" className="mt-6" aria-label={`Remove target ${j + 1}`} disabled={targets.fields.length <= 2} onClick={() => targets.remove(j)}><X aria-hidden /></Button>
            </li>
          ))}
        </ul>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <Button variant="outline" size="sm" disabled={targets.fields.length >= MAX_SPLIT_TARGETS} onClick={() => targets.append({ model: "", percent: "0" })}><Plus aria-hidden />Add target</Button>
          <span className={total === 100 ? "text-sm text-muted-foreground tabular-nums" : "text-sm text-warn-text tabular-nums"} aria-live="polite">Total {total}%{total === 100 ? "" : " (must be 100)"}</span>
        </div>
      </fieldset>
      <FormField label="Keep a caller on one target by" error={error(`rules.${rule}.action.stickyBy`)} className="max-w-xs">
        <Select {...register(`rules.${rule}.action.stickyBy`)}>
          <option value="user">The body&apos;s user field</option>
          <option value="session-header">The x-tollgate-session header</option>
          <option value="none">Nothing (each request drawn anew)</option>
        </Select>
      </FormField>
    </div>
  );
}
