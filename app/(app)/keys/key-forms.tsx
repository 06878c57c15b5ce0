"use client";

import { useState } from "react";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";

export function CreateKeyForm({ projectId, projectName }: { projectId: string; projectName: string }) {
  const { submit, error, pending } = useApiSubmit();
  const [created, setCreated] = useState<string | null>(null);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const expires = String(form.get("expiresAt") ?? "");
    const data = await submit("POST", `/api/manage/v1/projects/${projectId}/keys`, {
      name: form.get("name"),
      ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
    });
    if (data?.key) {
      setCreated(String(data.key));
      element.reset();
    }
  }
  return (
    <form onSubmit={onSubmit} style={{ display: "flex", gap: 8, alignItems: "end", marginTop: 12, flexWrap: "wrap" }} aria-label={`New key for ${projectName}`}>
      <label>
        New key name
        <br />
        <input name="name" required maxLength={100} />
      </label>
      <label>
        Expires (optional)
        <br />
        <input name="expiresAt" type="date" />
      </label>
      <button type="submit" disabled={pending}>{pending ? "Creating…" : "Create key"}</button>
      {error && <p role="alert" className="warn">{error}</p>}
      {created && (
        <p data-testid="new-key" style={{ flexBasis: "100%" }}>
          Copy this key now; it will not be shown again: <code data-testid="new-key-secret">{created}</code>
        </p>
      )}
    </form>
  );
}

export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  return <ConfirmActionButton label="Revoke" title={`Revoke key "${name}"?`} confirmLabel="Revoke key" done={`Key "${name}" revoked`} url={`/api/manage/v1/keys/${keyId}`} confirmText="Apps using it stop working within a second. This cannot be undone." />;
}
