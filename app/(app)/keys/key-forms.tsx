"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { createApiKeySchema, MAX_FIXED_TAGS, updateApiKeySchema, type CreateApiKeyInput, type UpdateApiKeyInput } from "@/lib/keys/api-key-schemas";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";
import { SecretShownOnce } from "../_components/secret-shown-once";

interface KeyFields { name: string; expiresAt: string; fixedTags: string }

const TAGS_HINT = `Comma-separated, at most ${MAX_FIXED_TAGS}; every request with the key carries them.`;
const EDIT_TAGS_HINT = `${TAGS_HINT} The x-tollgate-tags header cannot remove them or send another value for their key (team:ads beside team:search).`;

/** "team:search, env:prod" -> ["team:search", "env:prod"]; the schema then checks each tag. */
function splitTags(text: string): string[] {
  return text.split(",").map((t) => t.trim()).filter(Boolean);
}

/** The date input's day becomes the end of that day in UTC; no date means the key does not expire. */
function toBody(f: KeyFields) {
  const fixedTags = splitTags(f.fixedTags);
  if (!f.expiresAt) return { name: f.name, fixedTags };
  const end = new Date(`${f.expiresAt}T23:59:59Z`);
  return { name: f.name, fixedTags, expiresAt: Number.isNaN(end.getTime()) ? f.expiresAt : end.toISOString() };
}

const resolver = resolveWithApiSchema(createApiKeySchema, toBody);

export function CreateKeyForm({ projectId, projectName, canFixTags }: { projectId: string; projectName: string; canFixTags: boolean }) {
  const { submit, error, pending } = useApiSubmit();
  const [created, setCreated] = useState<string | null>(null);
  const { register, handleSubmit, reset, formState: { errors } } = useForm<KeyFields, unknown, CreateApiKeyInput>({ resolver, defaultValues: { name: "", expiresAt: "", fixedTags: "" } });
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
      {canFixTags && (
        <FormField label="Fixed tags (optional)" error={errors.fixedTags?.message} hint={TAGS_HINT} className="min-w-64 flex-1 basis-72">
          <Input placeholder="team:search, env:prod" autoComplete="off" spellCheck={false} {...register("fixedTags")} />
        </FormField>
      )}
      <Button type="submit" className="mt-6" disabled={pending}>{pending ? "Creating…" : "Create key"}</Button>
      <FormError message={errors.root?.message ?? error} className="basis-full" />
      {created && <SecretShownOnce what="key" secret={created} testId="new-key" />}
    </form>
  );
}

const tagsResolver = resolveWithApiSchema(updateApiKeySchema, (f: { fixedTags: string }) => ({ fixedTags: splitTags(f.fixedTags) }));

/** Changes a key's fixed tags; proxies apply them from the key's next request. */
export function EditKeyTagsButton({ keyId, name, fixedTags }: { keyId: string; name: string; fixedTags: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const { submit, error, pending } = useApiSubmit();
  const { register, handleSubmit, reset, formState: { errors } } = useForm<{ fixedTags: string }, unknown, UpdateApiKeyInput>({ resolver: tagsResolver, defaultValues: { fixedTags: fixedTags.join(", ") } });
  const onOpenChange = (next: boolean) => {
    // Each opening starts from the key's saved tags, not from an edit that was cancelled.
    if (next) reset({ fixedTags: fixedTags.join(", ") });
    setOpen(next);
  };
  const onSubmit = handleSubmit(async (body) => {
    if (!(await submit("PATCH", `/api/manage/v1/keys/${keyId}`, body))) return;
    setOpen(false);
    toast.success(`Fixed tags of "${name}" saved`);
  });
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={<Button variant="outline" size="sm">Edit tags<span className="sr-only"> of {name}</span></Button>}
      title={`Fixed tags of "${name}"`}
      description="Budgets, rate limits and routing rules that match on these tags apply to every request with this key. Leave empty to fix none."
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-3" aria-label={`Fixed tags of ${name}`}>
        <FormField label="Fixed tags" error={errors.fixedTags?.message} hint={EDIT_TAGS_HINT}>
          <Input placeholder="team:search, env:prod" autoComplete="off" spellCheck={false} {...register("fixedTags")} />
        </FormField>
        <FormError message={errors.root?.message ?? error} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save tags"}</Button>
        </div>
      </form>
    </Dialog>
  );
}

export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  return <ConfirmActionButton label="Revoke" title={`Revoke key "${name}"?`} confirmLabel="Revoke key" done={`Key "${name}" revoked`} url={`/api/manage/v1/keys/${keyId}`} confirmText="Apps using it stop working within a second. This cannot be undone." />;
}
