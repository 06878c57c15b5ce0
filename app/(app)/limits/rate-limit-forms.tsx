"use client";

import { useState } from "react";
import { useApiSubmit } from "../_components/api-form";
import { ConfirmActionButton } from "../_components/confirm-action-button";
import { Field } from "../_components/field";

const control = "w-full min-w-0 max-w-full";

export function CreateRateLimitForm({ projects, keys, models }: { projects: { id: string; name: string }[]; keys: { id: string; label: string }[]; models: string[] }) {
  const { submit, error, pending } = useApiSubmit();
  const [scope, setScope] = useState("key");
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const num = (k: string) => (String(f.get(k) ?? "").trim() ? Number(f.get(k)) : null);
    await submit("POST", "/api/manage/v1/rate-limits", {
      scope,
      apiKeyId: scope === "key" ? f.get("apiKeyId") : null,
      projectId: scope === "project" ? f.get("projectId") : null,
      modelAlias: scope === "model" ? f.get("modelAlias") : null,
      requestsPerMin: num("requestsPerMin"), tokensPerMin: num("tokensPerMin"), maxConcurrent: num("maxConcurrent"),
    });
  }
  return (
    // Two rows: what the limit applies to (the target select gets the width its long key labels need,
    // shrinking to the row instead of overflowing under the next field), then the limits themselves.
    <form onSubmit={onSubmit} aria-label="New rate limit" className="mt-4 grid gap-3">
      <div className="grid grid-cols-1 items-end gap-3 md:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
        <Field label="Applies to"><select className={control} value={scope} onChange={(e) => setScope(e.target.value)}><option value="key">An API key</option><option value="project">A project</option><option value="model">A model</option></select></Field>
        {scope === "key" && <Field label="API key"><select className={control} name="apiKeyId">{keys.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}</select></Field>}
        {scope === "project" && <Field label="Project"><select className={control} name="projectId">{projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select></Field>}
        {scope === "model" && <Field label="Model"><select className={control} name="modelAlias">{models.map((m) => <option key={m} value={m}>{m}</option>)}</select></Field>}
      </div>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] items-end gap-3">
        <Field label="Requests / minute"><input className={control} name="requestsPerMin" type="number" min={1} /></Field>
        <Field label="Tokens / minute"><input className={control} name="tokensPerMin" type="number" min={1} /></Field>
        <Field label="Concurrent requests"><input className={control} name="maxConcurrent" type="number" min={1} /></Field>
        <div><button type="submit" disabled={pending}>{pending ? "Adding…" : "Add limit"}</button></div>
      </div>
      {error && <p role="alert" className="warn">{error}</p>}
    </form>
  );
}

export function DeleteRateLimitButton({ policyId, label }: { policyId: string; label: string }) {
  return <ConfirmActionButton label="Delete" title={`Delete the limit on ${label}?`} confirmText="Requests it covers are no longer limited by it, on every proxy instance." confirmLabel="Delete limit" done="Rate limit deleted" url={`/api/manage/v1/rate-limits/${policyId}`} />;
}
