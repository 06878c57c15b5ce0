"use client";

// A fieldset of checkboxes bound to one react-hook-form array field (the
// routing policy and what-if scenario editors' match conditions).
import type { UseFormRegisterReturn } from "react-hook-form";
import type { ROUTE_ENDPOINTS } from "@/lib/routing/policy-schema";

export const ENDPOINT_LABELS: Record<(typeof ROUTE_ENDPOINTS)[number], string> = { "chat.completions": "Chat completions", responses: "Responses", embeddings: "Embeddings" };

export function CheckboxGroup({ legend, registration, items, error }: { legend: string; registration: UseFormRegisterReturn; items: { value: string; label: string }[]; error?: string }) {
  return (
    <fieldset className="m-0 min-w-0 rounded-md border border-border p-2" aria-invalid={error ? true : undefined}>
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      {items.length === 0 && <p className="m-0 text-xs text-muted-foreground">None to choose from.</p>}
      <ul className="m-0 grid max-h-36 list-none gap-0.5 overflow-y-auto p-0">
        {items.map((i) => (
          <li key={i.value}><label className="flex items-center gap-2 text-sm"><input type="checkbox" value={i.value} className="size-4 shrink-0 p-0" {...registration} /><span className="min-w-0 truncate">{i.label}</span></label></li>
        ))}
      </ul>
      {error && <p role="alert" className="m-0 mt-1 text-xs text-destructive">{error}</p>}
    </fieldset>
  );
}
