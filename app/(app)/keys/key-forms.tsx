"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { createApiKeySchema, type CreateApiKeyInput } from "@/lib/keys/api-key-schemas";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";
import { SecretShownOnce } from "../_components/secret-shown-once";

interface KeyFields { name: string; expiresAt: string }

/** The date input's day becomes the end of that day in UTC; no date means the key does not expire. */
function toBody(f: KeyFields) {
  if (!f.expiresAt) return { name: f.name };
  const end = new Date(`${f.expiresAt}T23:59:59Z`);
  return { name: f.name, expiresAt: Number.isNaN(end.getTime()) ? f.expiresAt : end.toISOString() };
}

const resolver = resolveWithApiSchema(createApiKeySchema, toBody);

export function CreateKeyForm({ projectId, projectName }: { projectId: string; projectName: string }) {
  const { submit, error, pending } = useApiSubmit();
  const [created, setCreated] = useState<string | null>(null);
  const { register, handleSubmit, reset, formState: { errors } } = useForm<KeyFields, unknown, CreateApiKeyInput>({ resolver, defaultValues: { name: "", expiresAt: "" } });
  const onSubmit = handleSubmit(async (body) => {
    const data = await submit("POST", `/api/manage/v1/projects/${projectId}/keys`, body);
    if (!data?.key) return;
    setCreated(String(data.key));
    toast.success(`Key "${body.name}" created`);
    reset();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 flex flex-wrap items-start gap-2" aria-label={`New key for ${projectName}`}>
      <FormField label="New key name" error={errors.name?.message}><Input maxLength={100} {...register("name")} /></FormField>
      <FormField label="Expires (optional)" error={errors.expiresAt?.message}><Input type="date" {...register("expiresAt")} /></FormField>
      <Button type="submit" className="mt-6" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
      <FormError message={errors.root?.message ?? error} className="basis-full" />
      {created && <SecretShownOnce what="key" secret={created} testId="new-key" />}
    </form>
  );
}

export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  return <ConfirmActionButton label="Revoke" title={`Revoke key "${name}"?`} confirmLabel="Revoke key" done={`Key "${name}" revoked`} url={`/api/manage/v1/keys/${keyId}`} confirmText="Apps using it stop working within a second. This cannot be undone." />;
}
