"use client";

import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { rateLimitInputSchema, type RateLimitInput } from "@/lib/limits/rate-limit-schemas";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { FormError, FormField } from "@/components/ui/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";

interface RateLimitFields { scope: string; apiKeyId: string; projectId: string; modelAlias: string; requestsPerMin: string; tokensPerMin: string; maxConcurrent: string }

/** The one place the inputs become the API's body: only the chosen target, empty limits as null, the others as numbers. */
function toBody(f: RateLimitFields) {
  const num = (v: string) => (v.trim() ? Number(v) : null);
  return {
    scope: f.scope,
    apiKeyId: f.scope === "key" ? f.apiKeyId || null : null,
    projectId: f.scope === "project" ? f.projectId || null : null,
    modelAlias: f.scope === "model" ? f.modelAlias || null : null,
    requestsPerMin: num(f.requestsPerMin), tokensPerMin: num(f.tokensPerMin), maxConcurrent: num(f.maxConcurrent),
  };
}

const resolver = resolveWithApiSchema(rateLimitInputSchema, toBody);

export function CreateRateLimitForm({ projects, keys, models }: { projects: { id: string; name: string }[]; keys: { id: string; label: string }[]; models: string[] }) {
  const { submit, error, pending } = useApiSubmit();
  const { register, handleSubmit, control, reset, formState: { errors } } = useForm<RateLimitFields, unknown, RateLimitInput>({
    resolver,
    defaultValues: { scope: "key", apiKeyId: keys[0]?.id ?? "", projectId: projects[0]?.id ?? "", modelAlias: models[0] ?? "", requestsPerMin: "", tokensPerMin: "", maxConcurrent: "" },
  });
  const scope = useWatch({ control, name: "scope" });
  const onSubmit = handleSubmit(async (body) => {
    if (!(await submit("POST", "/api/manage/v1/rate-limits", body))) return;
    toast.success("Rate limit added");
    reset();
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New rate limit" className="grid grid-cols-[repeat(auto-fill,minmax(180px,1fr))] items-start gap-x-3 gap-y-2">
      <FormField label="Applies to" error={errors.scope?.message}><Select {...register("scope")}><option value="key">An API key</option><option value="project">A project</option><option value="model">A model</option></Select></FormField>
      {scope === "key" && <FormField label="API key" error={errors.apiKeyId?.message}><Select {...register("apiKeyId")}>{keys.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}</Select></FormField>}
      {scope === "project" && <FormField label="Project" error={errors.projectId?.message}><Select {...register("projectId")}>{projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</Select></FormField>}
      {scope === "model" && <FormField label="Model" error={errors.modelAlias?.message}><Select {...register("modelAlias")}>{models.map((m) => <option key={m} value={m}>{m}</option>)}</Select></FormField>}
      <FormField label="Requests / minute" error={errors.requestsPerMin?.message}><Input type="number" min={1} {...register("requestsPerMin")} /></FormField>
      <FormField label="Tokens / minute" error={errors.tokensPerMin?.message}><Input type="number" min={1} {...register("tokensPerMin")} /></FormField>
      <FormField label="Concurrent requests" error={errors.maxConcurrent?.message}><Input type="number" min={1} {...register("maxConcurrent")} /></FormField>
      <div><Button type="submit" className="mt-6" disabled={pending}>{pending ? "Adding…" : "Add limit"}</Button></div>
      <FormError message={errors.root?.message ?? error} className="col-span-full" />
    </form>
  );
}

export function DeleteRateLimitButton({ policyId, label }: { policyId: string; label: string }) {
  return <ConfirmActionButton label="Delete" title={`Delete the limit on ${label}?`} confirmText="Requests it covers are no longer limited by it, on every proxy instance." confirmLabel="Delete limit" done="Rate limit deleted" url={`/api/manage/v1/rate-limits/${policyId}`} />;
}
