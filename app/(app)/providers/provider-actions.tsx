"use client";

// A provider row's actions for admins: edit its name and base URL, replace or
// remove its credential (write-only: the field starts empty and the stored
// key is never sent back), disable or enable it, and delete it after a
// confirmation (the API refuses while deployments still use it).
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";

type ProviderRow = { id: string; name: string; baseUrl: string; enabled: boolean; hasCredential: boolean };

export function ProviderActions({ provider }: { provider: ProviderRow }) {
  const toggle = useApiSubmit();
  async function setEnabled(enabled: boolean) {
    if (await toggle.submit("PATCH", `/api/manage/v1/providers/${provider.id}`, { enabled })) toast.success(`${provider.name} ${enabled ? "enabled" : "disabled"}`);
  }
  return (
    <div className="flex items-center gap-2">
      <EditProviderDialog provider={provider} />
      <Button variant="outline" size="sm" disabled={toggle.pending} onClick={() => void setEnabled(!provider.enabled)}>
        {provider.enabled ? "Disable" : "Enable"}<span className="sr-only"> {provider.name}</span>
      </Button>
      <ConfirmActionButton
        label="Delete"
        title={`Delete ${provider.name}?`}
        confirmText="The provider and its stored credential are removed. A provider that models still deploy to cannot be deleted: remove those deployments first, or disable it instead."
        confirmLabel="Delete provider"
        done={`${provider.name} deleted`}
        url={`/api/manage/v1/providers/${provider.id}`}
      />
      {toggle.error && <span role="alert" className="warn">{toggle.error}</span>}
    </div>
  );
}

function EditProviderDialog({ provider }: { provider: ProviderRow }) {
  const [open, setOpen] = useState(false);
  const { submit, error, pending } = useApiSubmit();
  const ids = { name: `pe-name-${provider.id}`, url: `pe-url-${provider.id}`, key: `pe-key-${provider.id}`, clear: `pe-clear-${provider.id}` };
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const credential = String(f.get("credential") ?? "");
    const body = {
      name: f.get("name"), baseUrl: f.get("baseUrl"),
      ...(credential ? { credential } : f.get("clearCredential") ? { credential: null } : {}),
    };
    if (await submit("PATCH", `/api/manage/v1/providers/${provider.id}`, body)) {
      setOpen(false);
      toast.success(`${String(body.name)} saved`);
    }
  }
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={<Button variant="outline" size="sm">Edit<span className="sr-only"> {provider.name}</span></Button>}
      title={`Edit ${provider.name}`}
      description="The stored API key is never shown. Type a new one to replace it, or leave the field empty to keep it."
    >
      <form onSubmit={onSubmit} className="grid gap-3">
        <div className="grid gap-1"><label htmlFor={ids.name}>Name</label><input id={ids.name} name="name" required maxLength={64} defaultValue={provider.name} /></div>
        <div className="grid gap-1"><label htmlFor={ids.url}>Base URL</label><input id={ids.url} name="baseUrl" type="url" required defaultValue={provider.baseUrl} /></div>
        <div className="grid gap-1">
          <label htmlFor={ids.key}>New API key</label>
          <input id={ids.key} name="credential" type="password" autoComplete="new-password" placeholder={provider.hasCredential ? "set: leave empty to keep" : "none set"} />
        </div>
        {provider.hasCredential && (
          <div className="flex items-center gap-2"><input id={ids.clear} name="clearCredential" type="checkbox" /><label htmlFor={ids.clear}>Remove the stored API key (keyless local server)</label></div>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save provider"}</Button>
        </div>
        {error && <p role="alert" className="warn">{error}</p>}
      </form>
    </Dialog>
  );
}
