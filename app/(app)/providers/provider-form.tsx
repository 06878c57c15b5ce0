"use client";

import { PROVIDER_VENDORS } from "@/lib/catalog/provider-schemas";
import { useApiSubmit } from "../_components/api-form";

export function CreateProviderForm() {
  const { submit, error, pending } = useApiSubmit();
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const credential = String(f.get("credential") ?? "");
    const data = await submit("POST", "/api/manage/v1/providers", {
      name: f.get("name"), vendor: f.get("vendor"), kind: f.get("kind"), baseUrl: f.get("baseUrl"),
      ...(credential ? { credential } : {}),
    });
    if (data) form.reset();
  }
  return (
    <form onSubmit={onSubmit} style={{ display: "grid", gap: 8 }}>
      <label>Name <input name="name" required maxLength={64} /></label>
      <label>Vendor <select name="vendor">{PROVIDER_VENDORS.map((v) => <option key={v}>{v}</option>)}</select></label>
      <label>Kind <select name="kind"><option value="cloud">cloud</option><option value="local">local</option></select></label>
      <label>Base URL <input name="baseUrl" type="url" required placeholder="https://api.openai.com/v1" /></label>
      <label>API key (optional for local servers) <input name="credential" type="password" autoComplete="off" /></label>
      <button type="submit" disabled={pending}>{pending ? "Adding…" : "Add provider"}</button>
      {error && <p role="alert" className="warn">{error}</p>}
    </form>
  );
}
