"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { createModelSchema, updateModelSchema, type CreateModelInput } from "@/lib/catalog/model-schemas";
import { priceVersionSchema, type PriceVersion } from "@/lib/catalog/price-book-schema";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useApiSubmit } from "../_components/api-form";

/** One select, sent on change: the API's schema checks the choice first, the result is a toast. */
export function TierOverrideSelect({ modelId, alias, value }: { modelId: string; alias: string; value: string | null }) {
  const { submit, error } = useApiSubmit();
  async function change(tier: string) {
    const body = updateModelSchema.safeParse({ tierOverride: tier || null });
    if (body.success && (await submit("PATCH", `/api/manage/v1/models/${modelId}`, body.data))) toast.success(`${alias}: tier ${tier || "auto"}`);
  }
  return (
    <>
      {" "}
      <Select className="inline-block h-7 w-auto py-0 pl-1.5 pr-6 text-xs" aria-label={`Tier override for ${alias}`} defaultValue={value ?? ""} onChange={(e) => void change(e.target.value)}>
        <option value="">auto</option>
        <option value="premium">premium</option>
        <option value="mid">mid</option>
        <option value="economy">economy</option>
      </Select>
      {error && <span role="alert" className="ml-1 text-sm text-destructive">{error}</span>}
    </>
  );
}

interface PriceFields { modelId: string; effectiveFrom: string; input: string; cachedInput: string; cacheWrite: string; output: string; reasoning: string; source: string }

/** The one place price inputs become the API's body: the local date-time as an ISO instant, empty optional rates as null. */
function toPriceBody(f: PriceFields) {
  const opt = (v: string) => v.trim() || null;
  const from = new Date(f.effectiveFrom);
  return {
    effectiveFrom: f.effectiveFrom && !Number.isNaN(from.getTime()) ? from.toISOString() : f.effectiveFrom,
    input: f.input.trim(), cachedInput: opt(f.cachedInput), cacheWrite: opt(f.cacheWrite), output: f.output.trim(), reasoning: opt(f.reasoning), source: opt(f.source),
  };
}

const priceResolver = resolveWithApiSchema(priceVersionSchema, toPriceBody);

/** Unpriced models are listed first (and marked), so pricing one is the obvious next step. */
export function AddPriceForm({ models }: { models: { id: string; alias: string; unpriced?: boolean }[] }) {
  const { submit, error, pending } = useApiSubmit();
  const sorted = [...models].sort((a, b) => Number(!!b.unpriced) - Number(!!a.unpriced));
  const { register, handleSubmit, getValues, formState: { errors } } = useForm<PriceFields, unknown, PriceVersion>({
    resolver: priceResolver,
    defaultValues: { modelId: sorted[0]?.id ?? "", effectiveFrom: "", input: "", cachedInput: "", cacheWrite: "", output: "", reasoning: "", source: "" },
  });
  const onSubmit = handleSubmit(async (body) => {
    const modelId = getValues("modelId");
    if (await submit("POST", `/api/manage/v1/models/${modelId}/prices`, body)) {
      toast.success(`Price version for ${models.find((m) => m.id === modelId)?.alias ?? "the model"} saved`);
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-2">
      <FormField label="Model"><Select {...register("modelId")}>{sorted.map((m) => <option key={m.id} value={m.id}>{m.alias}{m.unpriced ? " (unpriced)" : ""}</option>)}</Select></FormField>
      <FormField label="In effect from" error={errors.effectiveFrom?.message}><Input type="datetime-local" {...register("effectiveFrom")} /></FormField>
      <FormField label="Input per 1M tokens (USD)" error={errors.input?.message}><Input inputMode="decimal" {...register("input")} /></FormField>
      <FormField label="Cached input per 1M (optional)" error={errors.cachedInput?.message}><Input inputMode="decimal" {...register("cachedInput")} /></FormField>
      <FormField label="Cache write per 1M (optional; else billed at the input rate)" error={errors.cacheWrite?.message}><Input inputMode="decimal" {...register("cacheWrite")} /></FormField>
      <FormField label="Output per 1M tokens (USD)" error={errors.output?.message}><Input inputMode="decimal" {...register("output")} /></FormField>
      <FormField label="Reasoning per 1M (optional; else billed at the output rate)" error={errors.reasoning?.message}><Input inputMode="decimal" {...register("reasoning")} /></FormField>
      <FormField label="Source (optional)" error={errors.source?.message}><Input maxLength={500} {...register("source")} /></FormField>
      <div><Button type="submit" disabled={pending}>{pending ? "Saving…" : "Add price version"}</Button></div>
      <FormError message={errors.root?.message ?? error} />
    </form>
  );
}

export function ImportPriceBookForm() {
  const { submit, error, pending } = useApiSubmit();
  const [result, setResult] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  async function onChange(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setParseError(null);
    let book: unknown;
    try {
      book = JSON.parse(await file.text());
    } catch {
      setParseError("That file is not valid JSON.");
      return;
    }
    const data = await submit("POST", "/api/manage/v1/prices", book);
    if (data) setResult(`Imported: ${data.modelsCreated} new models, ${data.pricesWritten} price versions written.`);
  }
  return (
    <div>
      <p className="muted">The same JSON format as the export. Versions are matched by model and effectiveFrom.</p>
      <label>Price book file <input type="file" accept="application/json,.json" onChange={(e) => void onChange(e)} disabled={pending} /></label>
      {(parseError ?? error) && <p role="alert" className="warn">{parseError ?? error}</p>}
      {result && <p role="status">{result}</p>}
    </div>
  );
}

interface ModelFields { alias: string; providerId: string; upstreamModel: string; input: string; output: string }

/**
 * The one place the add-model inputs become the API's body: one deployment, and a price in effect now
 * only when a price editor typed both rates (else the model starts unpriced).
 */
function modelBodyFor(canPrice: boolean) {
  return (f: ModelFields) => {
    const input = f.input.trim();
    const output = f.output.trim();
    return {
      alias: f.alias.trim(),
      deployments: [{ providerId: f.providerId, upstreamModel: f.upstreamModel.trim() }],
      ...(canPrice && (input || output) ? { price: { effectiveFrom: new Date().toISOString(), input, output, source: "entered in the UI" } } : {}),
    };
  };
}

/** Issues on the body's nested fields shown under the input they came from. */
const MODEL_FIELD_FOR: Record<string, keyof ModelFields> = { "deployments.0.providerId": "providerId", "deployments.0.upstreamModel": "upstreamModel", "price.input": "input", "price.output": "output" };

/** `canPrice`: only price editors send a price; an engineer's model starts unpriced until finance prices it. */
export function CreateModelForm({ providers, canPrice }: { providers: { id: string; name: string }[]; canPrice: boolean }) {
  const { submit, error, pending } = useApiSubmit();
  const { register, handleSubmit, reset, formState: { errors } } = useForm<ModelFields, unknown, CreateModelInput>({
    resolver: resolveWithApiSchema(createModelSchema, modelBodyFor(canPrice), MODEL_FIELD_FOR),
    defaultValues: { alias: "", providerId: providers[0]?.id ?? "", upstreamModel: "", input: "", output: "" },
  });
  const onSubmit = handleSubmit(async (body) => {
    const data = await submit("POST", "/api/manage/v1/models", body);
    if (!data) return;
    toast.success(`Added ${String(data.alias)}.`);
    reset();
  });
  if (providers.length === 0) return <p className="text-muted-foreground">Add a provider first.</p>;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-2">
      <FormField label="Alias apps call" error={errors.alias?.message}><Input maxLength={128} placeholder="gpt-5-mini" {...register("alias")} /></FormField>
      <FormField label="Provider" error={errors.providerId?.message}><Select {...register("providerId")}>{providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</Select></FormField>
      <FormField label="Upstream model name" error={errors.upstreamModel?.message}><Input maxLength={200} placeholder="gpt-5-mini-2025-08-07" {...register("upstreamModel")} /></FormField>
      {canPrice ? (
        <>
          <FormField label="Input per 1M tokens (optional; without a price the model is metered as unpriced)" error={errors.input?.message}><Input inputMode="decimal" {...register("input")} /></FormField>
          <FormField label="Output per 1M tokens" error={errors.output?.message}><Input inputMode="decimal" {...register("output")} /></FormField>
        </>
      ) : (
        <p className="text-muted-foreground">The model starts unpriced: hard budgets refuse it until an owner, admin or finance user adds its price.</p>
      )}
      <div><Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add model"}</Button></div>
      <FormError message={errors.root?.message ?? error} />
    </form>
  );
}
