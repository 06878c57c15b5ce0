"use client";

import { useState } from "react";
import { useApiSubmit } from "../_components/api-form";
import { Field } from "../_components/field";

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
    <form onSubmit={onSubmit} aria-label="New rate limit" className="form-grid">
      <Field label="Applies to"><select value={scope} onChange={(e) => setScope(e.target.value)}><option value="key">An API key</option><option value="project">A project</option><option value="model">A model</option></select></Field>
      {scope === "key" && <Field label="API key"><select name="apiKeyId">{keys.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}</select></Field>}
      {scope === "project" && <Field label="Project"><select name="projectId">{projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select></Field>}
      {scope === "model" && <Field label="Model"><select name="modelAlias">{models.map((m) => <option key={m} value={m}>{m}</option>)}</select></Field>}
      <Field label="Requests / minute"><input name="requestsPerMin" type="number" min={1} /></Field>
      <Field label="Tokens / minute"><input name="tokensPerMin" type="number" min={1} /></Field>
      <Field label="Concurrent requests"><input name="maxConcurrent" type="number" min={1} /></Field>
      <div><button type="submit" disabled={pending}>{pending ? "Adding…" : "Add limit"}</button></div>
      {error && <p role="alert" className="warn" style={{ gridColumn: "1 / -1" }}>{error}</p>}
    </form>
  );
}

export function DeleteRateLimitButton({ policyId }: { policyId: string }) {
  const { submit, error, pending } = useApiSubmit();
  return (
    <>
      <button type="button" disabled={pending} onClick={() => void submit("DELETE", `/api/manage/v1/rate-limits/${policyId}`)}>Delete</button>
      {error && <span role="alert" className="warn"> {error}</span>}
    </>
  );
}
