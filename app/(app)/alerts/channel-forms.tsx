"use client";

import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { createChannelSchema, type CreateChannelInput } from "@/lib/alerts/channel-schemas";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";

interface ChannelFields { name: string; kind: string; url: string; to: string }

/** The one place the inputs become the API's body: the config the kind takes, recipients split on commas or spaces. */
function toBody(f: ChannelFields) {
  const config = f.kind === "email" ? { to: f.to.split(/[,\s]+/).filter(Boolean) } : f.kind === "in_app" ? {} : { url: f.url.trim() };
  return { kind: f.kind, name: f.name, config };
}

const resolver = resolveWithApiSchema(createChannelSchema, toBody, { "config.url": "url", "config.to": "to" });

export function CreateChannelForm() {
  const { submit, error, pending } = useApiSubmit();
  const [secret, setSecret] = useState<string | null>(null);
  const { register, handleSubmit, control, reset, formState: { errors } } = useForm<ChannelFields, unknown, CreateChannelInput>({ resolver, defaultValues: { name: "", kind: "webhook", url: "", to: "" } });
  const kind = useWatch({ control, name: "kind" });
  const onSubmit = handleSubmit(async (body) => {
    const created = await submit("POST", "/api/manage/v1/channels", body);
    if (!created) return;
    setSecret(typeof created.signingSecret === "string" ? created.signingSecret : null);
    toast.success(`Channel "${body.name}" added`);
    reset();
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New channel" className="grid grid-cols-[repeat(auto-fill,minmax(180px,1fr))] items-start gap-x-3 gap-y-2">
      <FormField label="Name" error={errors.name?.message}><Input maxLength={100} {...register("name")} /></FormField>
      <FormField label="Kind" error={errors.kind?.message}><Select {...register("kind")}>
          <option value="webhook">Signed webhook</option><option value="slack">Slack incoming webhook</option><option value="email">Email</option><option value="in_app">In-app only</option>
        </Select></FormField>
      {(kind === "webhook" || kind === "slack") && <FormField label="URL" error={errors.url?.message}><Input type="url" {...register("url")} /></FormField>}
      {kind === "email" && <FormField label="Recipients (comma separated)" error={errors.to?.message}><Input {...register("to")} /></FormField>}
      <div><Button type="submit" className="mt-6" disabled={pending}>{pending ? "Adding…" : "Add channel"}</Button></div>
      <FormError message={errors.root?.message ?? error} className="col-span-full" />
      {secret && (
        <p data-testid="signing-secret" className="col-span-full">
          Signing secret (shown once; verify <code>x-tollgate-signature</code> with it): <code>{secret}</code>
        </p>
      )}
    </form>
  );
}

export function DeleteChannelButton({ channelId, name }: { channelId: string; name: string }) {
  return <ConfirmActionButton label="Delete" title={`Delete channel "${name}"?`} confirmLabel="Delete channel" done={`Channel "${name}" deleted`} url={`/api/manage/v1/channels/${channelId}`} confirmText="Alerts stop going to it; budgets that used it keep their other channels." />;
}

export function MarkReadButton() {
  const { submit, pending } = useApiSubmit();
  return <button type="button" disabled={pending} onClick={() => void submit("POST", "/api/manage/v1/alerts/read")}>Mark all read</button>;
}
