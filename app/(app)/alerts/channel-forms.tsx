"use client";

import { useState } from "react";
import { useApiSubmit } from "../_components/api-form";
import { Field } from "../_components/field";

export function CreateChannelForm() {
  const { submit, error, pending } = useApiSubmit();
  const [kind, setKind] = useState("webhook");
  const [secret, setSecret] = useState<string | null>(null);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const f = new FormData(element);
    const value = (k: string) => String(f.get(k) ?? "").trim();
    const config = kind === "email" ? { to: value("to").split(/[,\s]+/).filter(Boolean) } : kind === "in_app" ? {} : { url: value("url") };
    const created = await submit("POST", "/api/manage/v1/channels", { kind, name: value("name"), config });
    if (created) {
      setSecret(typeof created.signingSecret === "string" ? created.signingSecret : null);
      element.reset();
    }
  }
  return (
    <form onSubmit={onSubmit} aria-label="New channel" className="form-grid">
      <Field label="Name"><input name="name" required maxLength={100} /></Field>
      <Field label="Kind"><select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="webhook">Signed webhook</option><option value="slack">Slack incoming webhook</option><option value="email">Email</option><option value="in_app">In-app only</option>
        </select></Field>
      {(kind === "webhook" || kind === "slack") && <Field label="URL"><input name="url" type="url" required style={{ width: "100%" }} /></Field>}
      {kind === "email" && <Field label="Recipients (comma separated)"><input name="to" required style={{ width: "100%" }} /></Field>}
      <div><button type="submit" disabled={pending}>{pending ? "Adding…" : "Add channel"}</button></div>
      {error && <p role="alert" className="warn" style={{ gridColumn: "1 / -1" }}>{error}</p>}
      {secret && (
        <p data-testid="signing-secret" style={{ gridColumn: "1 / -1" }}>
          Signing secret (shown once; verify <code>x-tollgate-signature</code> with it): <code>{secret}</code>
        </p>
      )}
    </form>
  );
}

export function DeleteChannelButton({ channelId, name }: { channelId: string; name: string }) {
  const { submit, error, pending } = useApiSubmit();
  return (
    <>
      <button type="button" disabled={pending} onClick={() => window.confirm(`Delete channel "${name}"?`) && void submit("DELETE", `/api/manage/v1/channels/${channelId}`)}>Delete</button>
      {error && <span role="alert" className="warn"> {error}</span>}
    </>
  );
}

export function MarkReadButton() {
  const { submit, pending } = useApiSubmit();
  return <button type="button" disabled={pending} onClick={() => void submit("POST", "/api/manage/v1/alerts/read")}>Mark all read</button>;
}
