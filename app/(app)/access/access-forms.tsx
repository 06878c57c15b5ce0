"use client";

import { useState } from "react";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";

const ROLES = ["owner", "admin", "finance", "engineer", "viewer"] as const;

export function MemberRoleSelect({ userId, email, value }: { userId: string; email: string; value: string }) {
  const { submit, error, pending } = useApiSubmit();
  return (
    <>
      <select aria-label={`Role of ${email}`} defaultValue={value} disabled={pending} onChange={(e) => void submit("PATCH", `/api/manage/v1/members/${userId}`, { role: e.target.value })}>
        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      {error && <span role="alert" className="warn"> {error}</span>}
    </>
  );
}

export function RemoveMemberButton({ userId, email }: { userId: string; email: string }) {
  return <ConfirmActionButton label="Remove" title={`Remove ${email}?`} confirmLabel="Remove member" done={`${email} removed`} url={`/api/manage/v1/members/${userId}`} confirmText="They lose access at once, and the management tokens they created are revoked." />;
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  return <ConfirmActionButton label="Revoke" title={`Revoke token "${name}"?`} confirmLabel="Revoke token" done={`Token "${name}" revoked`} url={`/api/manage/v1/tokens/${tokenId}`} confirmText="Its next request is refused. This cannot be undone." />;
}

export function CreateTokenForm({ projects }: { projects: { id: string; name: string }[] }) {
  const { submit, error, pending } = useApiSubmit();
  const [role, setRole] = useState<string>("viewer");
  const [created, setCreated] = useState<string | null>(null);
  const scoped = role === "engineer" || role === "viewer";
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const expires = String(form.get("expiresAt") ?? "");
    const data = await submit("POST", "/api/manage/v1/tokens", {
      name: form.get("name"),
      role,
      ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
      ...(scoped ? { projectIds: form.getAll("projectIds").map(String) } : {}),
    });
    if (data?.token) {
      setCreated(String(data.token));
      element.reset();
    }
  }
  return (
    <form onSubmit={onSubmit} style={{ display: "flex", gap: 8, alignItems: "end", marginTop: 12, flexWrap: "wrap" }} aria-label="New management token">
      <label>New token name<br /><input name="name" required maxLength={100} /></label>
      <label>
        Role
        <br />
        <select name="role" value={role} onChange={(e) => setRole(e.target.value)}>
          {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </label>
      <label>Expires (default in 90 days)<br /><input name="expiresAt" type="date" /></label>
      {scoped && (
        <fieldset style={{ flexBasis: "100%" }}>
          <legend>Projects this token may see</legend>
          {projects.map((p) => (
            <label key={p.id} style={{ marginRight: 12 }}><input type="checkbox" name="projectIds" value={p.id} /> {p.name}</label>
          ))}
        </fieldset>
      )}
      <button type="submit" disabled={pending}>{pending ? "Creating…" : "Create token"}</button>
      {error && <p role="alert" className="warn">{error}</p>}
      {created && (
        <p data-testid="new-token" style={{ flexBasis: "100%" }}>
          Copy this token now; it will not be shown again: <code data-testid="new-token-secret">{created}</code>
        </p>
      )}
    </form>
  );
}
