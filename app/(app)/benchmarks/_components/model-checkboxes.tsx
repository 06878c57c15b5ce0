"use client";

// The catalog's models as a checkbox list (a fieldset with a legend): local
// models are marked, unpriced ones said to be, unservable ones disabled.
import type { UseFormRegisterReturn } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import type { ModelOption } from "./model-options";

export function ModelCheckboxes({ models, register, error }: { models: ModelOption[]; register: UseFormRegisterReturn; error?: string }) {
  const servable = models.filter((m) => m.servable);
  return (
    <fieldset className="m-0 min-w-0 rounded-md border border-border p-2" aria-invalid={error ? true : undefined}>
      <legend className="px-1 text-sm font-medium">Models</legend>
      {servable.length === 0 && <p className="m-0 text-sm text-muted-foreground">No model in the catalog has an enabled deployment. Add one under Models and prices.</p>}
      <ul className="m-0 grid max-h-48 list-none grid-cols-1 gap-0.5 overflow-y-auto p-0 sm:grid-cols-2">
        {models.map((m) => (
          <li key={m.alias}>
            <label className="flex cursor-pointer items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-subtle">
              <input type="checkbox" value={m.alias} disabled={!m.servable} className="size-4 p-0" {...register} />
              <span className="min-w-0 truncate">{m.alias}</span>
              {m.isLocal && <Badge variant="primary">local</Badge>}
              {!m.priced && <Badge variant="warn">unpriced</Badge>}
              {!m.servable && <span className="text-xs text-muted-foreground">(no deployment)</span>}
            </label>
          </li>
        ))}
      </ul>
      {error && <p className="m-0 mt-1 text-xs text-destructive" role="alert">{error}</p>}
    </fieldset>
  );
}
