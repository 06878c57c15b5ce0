"use client";

import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { createProviderSchema, PROVIDER_VENDORS } from "@/lib/catalog/provider-schemas";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useApiSubmit } from "../_components/api-form";

interface ProviderFields { name: string; vendor: string; kind: string; baseUrl: string; credential: string }

/** The one place the inputs become the API's body: an empty API key is left out (local servers need none). */
function toBody(f: ProviderFields) {
  return { name: f.name, vendor: f.vendor, kind: f.kind, baseUrl: f.baseUrl.trim(), ...(f.credential ? { credential: f.credential } : {}) };
}

const resolver = resolveWithApiSchema(createProviderSchema, toBody);
const EMPTY: ProviderFields = { name: "", vendor: PROVIDER_VENDORS[0], kind: "cloud", baseUrl: "", credential: "" };

export function CreateProviderForm() {
  const { submit, error, pending } = useApiSubmit();
  const { register, handleSubmit, reset, formState: { errors } } = useForm<ProviderFields, unknown, z.output<typeof createProviderSchema>>({ resolver, defaultValues: EMPTY });
  const onSubmit = handleSubmit(async (body) => {
    if (!(await submit("POST", "/api/manage/v1/providers", body))) return;
    toast.success(`Provider "${body.name}" added`);
    reset();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-2">
      <FormField label="Name" error={errors.name?.message}><Input maxLength={64} {...register("name")} /></FormField>
      <FormField label="Vendor" error={errors.vendor?.message}><Select {...register("vendor")}>{PROVIDER_VENDORS.map((v) => <option key={v}>{v}</option>)}</Select></FormField>
      <FormField label="Kind" error={errors.kind?.message}><Select {...register("kind")}><option value="cloud">cloud</option><option value="local">local</option></Select></FormField>
      <FormField label="Base URL" error={errors.baseUrl?.message}><Input type="url" placeholder="https://api.openai.com/v1" {...register("baseUrl")} /></FormField>
      <FormField label="API key (optional for local servers)" error={errors.credential?.message}><Input type="password" autoComplete="off" {...register("credential")} /></FormField>
      <div><Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add provider"}</Button></div>
      <FormError message={errors.root?.message ?? error} />
    </form>
  );
}
