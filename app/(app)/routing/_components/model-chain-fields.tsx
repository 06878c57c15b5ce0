"use client";

// An ordered list of models (a fallback chain, a cascade from cheapest to
// strongest): each can be moved up or down or removed; the order is the
// order they are tried in.
import { ArrowDown, ArrowUp, Plus, X } from "lucide-react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { MAX_CHAIN_MODELS } from "@/lib/routing/policy-schema";
import type { PolicyFields } from "@/lib/routing/view/policy-fields";
import type { ModelOption } from "./editor-options";
import { ModelSelect } from "./model-select";
import { useFieldError } from "./use-field-error";

export function ModelChainFields({ rule, models, legend }: { rule: number; models: ModelOption[]; legend: string }) {
  const { control, register } = useFormContext<PolicyFields>();
  const name = `rules.${rule}.action.models` as const;
  const chain = useFieldArray({ control, name });
  const values = useWatch({ control, name }) ?? [];
  const error = useFieldError();
  const listError = error(`${name}.root`);
  return (
    <fieldset className="m-0 min-w-0 max-w-2xl rounded-md border border-border p-2">
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      {listError && <p role="alert" className="m-0 mb-1 text-xs text-destructive">{listError}</p>}
      <ol className="m-0 grid list-none gap-1.5 p-0">
        {chain.fields.map((f, j) => {
          const fieldError = error(`${name}.${j}.model`);
          const id = `${name}.${j}`;
          return (
            <li key={f.id} className="grid gap-0.5">
              <div className="flex items-center gap-1.5">
                <label htmlFor={id} className="w-10 shrink-0 text-xs text-muted-foreground">{j === 0 ? "First" : "Then"}</label>
                <ModelSelect id={id} models={models} current={values[j]?.model ?? ""} aria-label={`${legend}: model ${j + 1}`} aria-invalid={fieldError ? true : undefined}
                  aria-describedby={fieldError ? `${id}-error` : undefined} {...register(`${name}.${j}.model`)} />
                <Button variant="ghost" size="icon" aria-label={`Move model ${j + 1} up`} disabled={j === 0} onClick={() => chain.move(j, j - 1)}><ArrowUp aria-hidden /></Button>
                <Button variant="ghost" size="icon" aria-label={`Move model ${j + 1} down`} disabled={j === chain.fields.length - 1} onClick={() => chain.move(j, j + 1)}><ArrowDown aria-hidden /></Button>
                <Button variant="ghost" size="icon" aria-label={`Remove model ${j + 1}`} disabled={chain.fields.length <= 1} onClick={() => chain.remove(j)}><X aria-hidden /></Button>
              </div>
              {fieldError && <p id={`${id}-error`} className="m-0 pl-[3.4rem] text-xs text-destructive">{fieldError}</p>}
            </li>
          );
        })}
      </ol>
      <Button variant="outline" size="sm" className="mt-2" disabled={chain.fields.length >= MAX_CHAIN_MODELS} onClick={() => chain.append({ model: "" })}><Plus aria-hidden />Add model</Button>
    </fieldset>
  );
}
