"use client";

import { useState } from "react";
import { useApiSubmit } from "../_components/api-form";

export function TierOverrideSelect({ modelId, alias, value }: { modelId: string; alias: string; value: string | null }) {
  const { submit, error } = useApiSubmit();
  return (
    <>
      {" "}
      <select
        aria-label={`Tier override for ${alias}`}
        defaultValue={value ?? ""}
        onChange={(e) => void submit("PATCH", `/api/manage/v1/models/${modelId}`, { tierOverride: e.target.value || null })}
      >
        <option value="">auto</option>
        <option value="premium">premium</option>
        <option value="mid">mid</option>
        <option value="economy">economy</option>
      </select>
      {error && <span role="alert" className="warn"> {error}</span>}
    </>
  );
}

/** Unpriced models are listed first (and marked), so pricing one is the obvious next step. */
export function AddPriceForm({ models }: { models: { id: string; alias: string; unpriced?: boolean }[] }) {
  const { submit, error, pending } = useApiSubmit();
  const [done, setDone] = useState<string | null>(null);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const opt = (name: string) => (String(f.get(name) ?? "").trim() || null);
    const data = await submit("POST", `/api/manage/v1/models/${f.get("modelId")}/prices`, {
      effectiveFrom: new Date(String(f.get("effectiveFrom"))).toISOString(),
      input: String(f.get("input")).trim(),
      cachedInput: opt("cachedInput"),
      cacheWrite: opt("cacheWrite"),
      output: String(f.get("output")).trim(),
      reasoning: opt("reasoning"),
      source: opt("source"),
    });
    if (data) setDone("Saved.");
  }
  return (
    <form onSubmit={onSubmit} style={{ display: "grid", gap: 8 }}>
      <label>Model <select name="modelId" required>{[...models].sort((a, b) => Number(!!b.unpriced) - Number(!!a.unpriced)).map((m) => <option key={m.id} value={m.id}>{m.alias}{m.unpriced ? " (unpriced)" : ""}</option>)}</select></label>
      <label>In effect from <input name="effectiveFrom" type="datetime-local" required /></label>
      <label>Input per 1M tokens (USD) <input name="input" inputMode="decimal" required pattern="\d+(\.\d{1,6})?" /></label>
      <label>Cached input per 1M (optional) <input name="cachedInput" inputMode="decimal" pattern="\d+(\.\d{1,6})?" /></label>
      <label>Cache write per 1M (optional; else billed at the input rate) <input name="cacheWrite" inputMode="decimal" pattern="\d+(\.\d{1,6})?" /></label>
      <label>Output per 1M tokens (USD) <input name="output" inputMode="decimal" required pattern="\d+(\.\d{1,6})?" /></label>
      <label>Reasoning per 1M (optional; else billed at the output rate) <input name="reasoning" inputMode="decimal" pattern="\d+(\.\d{1,6})?" /></label>
      <label>Source (optional) <input name="source" maxLength={500} /></label>
      <button type="submit" disabled={pending}>{pending ? "Saving…" : "Add price version"}</button>
      {error && <p role="alert" className="warn">{error}</p>}
      {done && !error && <p role="status">{done}</p>}
    </form>
  );
}

export function ImportPriceBookForm() {
  const { submit, error, pending } = useApiSubmit();
  const [result, setResult] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  async function onChange(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setParseError(null);
    let book: unknown;
    try {
      book = JSON.parse(await file.text());
    } catch {
      setParseError("That file is not valid JSON.");
      return;
    }
    const data = await submit("POST", "/api/manage/v1/prices", book);
    if (data) setResult(`Imported: ${data.modelsCreated} new models, ${data.pricesWritten} price versions written.`);
  }
  return (
    <div>
      <p className="muted">The same JSON format as the export. Versions are matched by model and effectiveFrom.</p>
      <label>Price book file <input type="file" accept="application/json,.json" onChange={(e) => void onChange(e)} disabled={pending} /></label>
      {(parseError ?? error) && <p role="alert" className="warn">{parseError ?? error}</p>}
      {result && <p role="status">{result}</p>}
    </div>
  );
}

/** `canPrice`: only price editors send a price; an engineer's model starts unpriced until finance prices it. */
export function CreateModelForm({ providers, canPrice }: { providers: { id: string; name: string }[]; canPrice: boolean }) {
  const { submit, error, pending } = useApiSubmit();
  const [done, setDone] = useState<string | null>(null);
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const f = new FormData(element);
    const input = String(f.get("input") ?? "").trim();
    const output = String(f.get("output") ?? "").trim();
    const data = await submit("POST", "/api/manage/v1/models", {
      alias: String(f.get("alias")).trim(),
      deployments: [{ providerId: f.get("providerId"), upstreamModel: String(f.get("upstreamModel")).trim() }],
      ...(canPrice && input && output ? { price: { effectiveFrom: new Date().toISOString(), input, output, source: "entered in the UI" } } : {}),
    });
    if (data) {
      setDone(`Added ${String(data.alias)}.`);
      element.reset();
    }
  }
  if (providers.length === 0) return <p className="muted">Add a provider first.</p>;
  return (
    <form onSubmit={onSubmit} style={{ display: "grid", gap: 8 }}>
      <label>Alias apps call <input name="alias" required maxLength={128} placeholder="gpt-5-mini" /></label>
      <label>Provider <select name="providerId">{providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select></label>
      <label>Upstream model name <input name="upstreamModel" required maxLength={200} placeholder="gpt-5-mini-2025-08-07" /></label>
      {canPrice ? (
        <>
          <label>Input per 1M tokens (optional; without a price the model is metered as unpriced) <input name="input" inputMode="decimal" pattern="\d+(\.\d{1,6})?" /></label>
          <label>Output per 1M tokens <input name="output" inputMode="decimal" pattern="\d+(\.\d{1,6})?" /></label>
        </>
      ) : (
        <p className="muted">The model starts unpriced: hard budgets refuse it until an owner, admin or finance user adds its price.</p>
      )}
      <button type="submit" disabled={pending}>{pending ? "Adding…" : "Add model"}</button>
      {error && <p role="alert" className="warn">{error}</p>}
      {done && !error && <p role="status">{done}</p>}
    </form>
  );
}
