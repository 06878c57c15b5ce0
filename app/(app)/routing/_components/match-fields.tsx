"use client";

// A rule's match conditions: every condition given must hold, none given
// matches every request. Lists are typed comma-separated (models may be
// names only routing knows, such as "auto") or ticked.
import { useId } from "react";
import { useFormContext } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { COMPLEXITY_BANDS, ROUTE_ENDPOINTS } from "@/lib/routing/policy-schema";
import type { PolicyFields } from "@/lib/routing/view/policy-fields";
import type { RoutingOptions } from "./editor-options";
import { useFieldError } from "./use-field-error";

const ENDPOINT_LABELS: Record<(typeof ROUTE_ENDPOINTS)[number], string> = { "chat.completions": "Chat completions", responses: "Responses", embeddings: "Embeddings" };

function CheckboxGroup({ legend, name, items, error }: { legend: string; name: `rules.${number}.match.${"projectIds" | "apiKeyIds" | "endpoints" | "complexity"}`; items: { value: string; label: string }[]; error?: string }) {
  const { register } = useFormContext<PolicyFields>();
  return (
    <fieldset className="m-0 min-w-0 rounded-md border border-border p-2" aria-invalid={error ? true : undefined}>
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      {items.length === 0 && <p className="m-0 text-xs text-muted-foreground">None to choose from.</p>}
      <ul className="m-0 grid max-h-36 list-none gap-0.5 overflow-y-auto p-0">
        {items.map((i) => (
          <li key={i.value}><label className="flex items-center gap-2 text-sm"><input type="checkbox" value={i.value} className="size-4 shrink-0 p-0" {...register(name)} /><span className="min-w-0 truncate">{i.label}</span></label></li>
        ))}
      </ul>
      {error && <p role="alert" className="m-0 mt-1 text-xs text-destructive">{error}</p>}
    </fieldset>
  );
}

function NeedSelect({ rule, need, label }: { rule: number; need: "tools" | "images" | "jsonMode"; label: string }) {
  const { register } = useFormContext<PolicyFields>();
  const error = useFieldError();
  return (
    <FormField label={label} error={error(`rules.${rule}.match.${need}`)}>
      <Select {...register(`rules.${rule}.match.${need}`)}>
        <option value="">Any request</option>
        <option value="yes">Only requests that use them</option>
        <option value="no">Only requests that do not</option>
      </Select>
    </FormField>
  );
}

export function MatchFields({ rule, options }: { rule: number; options: RoutingOptions }) {
  const { register } = useFormContext<PolicyFields>();
  const error = useFieldError();
  const at = `rules.${rule}.match` as const;
  const listId = useId();
  return (
    <div className="grid gap-2">
      <div className="grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] items-start gap-x-3 gap-y-2">
        <FormField label="Requested models" hint="Comma-separated; may be a name only routing knows, e.g. auto" error={error(`${at}.models`)}>
          <Input list={listId} autoComplete="off" {...register(`${at}.models`)} />
        </FormField>
        <datalist id={listId}>{options.models.map((m) => <option key={m.alias} value={m.alias} />)}</datalist>
        <FormField label="Tags (all of them)" hint="Comma-separated, as x-tollgate-tags or the key's tags" error={error(`${at}.tags`)}>
          <Input autoComplete="off" {...register(`${at}.tags`)} />
        </FormField>
        <FormField label="Input tokens at least" error={error(`${at}.minInputTokens`)}><Input inputMode="numeric" {...register(`${at}.minInputTokens`)} /></FormField>
        <FormField label="Input tokens at most" error={error(`${at}.maxInputTokens`)}><Input inputMode="numeric" {...register(`${at}.maxInputTokens`)} /></FormField>
        <NeedSelect rule={rule} need="tools" label="Tools" />
        <NeedSelect rule={rule} need="images" label="Images" />
        <NeedSelect rule={rule} need="jsonMode" label="JSON mode" />
        <FormField label="Context needed at least (tokens)" hint="Input plus requested output" error={error(`${at}.minContextTokens`)}>
          <Input inputMode="numeric" {...register(`${at}.minContextTokens`)} />
        </FormField>
      </div>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(220px,1fr))] items-start gap-x-3 gap-y-2">
        <CheckboxGroup legend="Projects" name={`${at}.projectIds`} items={options.projects.map((p) => ({ value: p.id, label: p.name }))} error={error(`${at}.projectIds`)} />
        <CheckboxGroup legend="API keys" name={`${at}.apiKeyIds`} items={options.keys.map((k) => ({ value: k.id, label: k.label }))} error={error(`${at}.apiKeyIds`)} />
        <CheckboxGroup legend="Endpoints" name={`${at}.endpoints`} items={ROUTE_ENDPOINTS.map((e) => ({ value: e, label: ENDPOINT_LABELS[e] }))} error={error(`${at}.endpoints`)} />
        <CheckboxGroup legend="Complexity (heuristic)" name={`${at}.complexity`} items={COMPLEXITY_BANDS.map((b) => ({ value: b, label: b }))} error={error(`${at}.complexity`)} />
      </div>
      {error(`${at}.root`) && <p role="alert" className="m-0 text-xs text-destructive">{error(`${at}.root`)}</p>}
    </div>
  );
}
