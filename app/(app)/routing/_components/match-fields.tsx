"use client";

// A rule's match conditions: every condition given must hold, none given
// matches every request. Lists are typed comma-separated (models may be
// names only routing knows, such as "auto") or ticked.
import { useId } from "react";
import { useFormContext } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { CheckboxGroup, ENDPOINT_LABELS } from "../../_components/checkbox-group";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { COMPLEXITY_BANDS, ROUTE_ENDPOINTS } from "@/lib/routing/policy-schema";
import type { PolicyFields } from "@/lib/routing/view/policy-fields";
import type { RoutingOptions } from "./editor-options";
import { useFieldError } from "./use-field-error";


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
        <CheckboxGroup legend="Projects" registration={register(`${at}.projectIds`)} items={options.projects.map((p) => ({ value: p.id, label: p.name }))} error={error(`${at}.projectIds`)} />
        <CheckboxGroup legend="API keys" registration={register(`${at}.apiKeyIds`)} items={options.keys.map((k) => ({ value: k.id, label: k.label }))} error={error(`${at}.apiKeyIds`)} />
        <CheckboxGroup legend="Endpoints" registration={register(`${at}.endpoints`)} items={ROUTE_ENDPOINTS.map((e) => ({ value: e, label: ENDPOINT_LABELS[e] }))} error={error(`${at}.endpoints`)} />
        <CheckboxGroup legend="Complexity (heuristic)" registration={register(`${at}.complexity`)} items={COMPLEXITY_BANDS.map((b) => ({ value: b, label: b }))} error={error(`${at}.complexity`)} />
      </div>
      {error(`${at}.root`) && <p role="alert" className="m-0 text-xs text-destructive">{error(`${at}.root`)}</p>}
    </div>
  );
}
