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

export function AddPriceForm({ models }: { models: { id: string; alias: string }[] }) {
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
      output: String(f.get("output")).trim(),
      source: opt("source"),
    });
    if (data) setDone("Saved.");
  }
  return (
    <form onSubmit={onSubmit} style={{ display: "grid", gap: 8 }}>
      <label>Model <select name="modelId" required>{models.map((m) => <option key={m.id} value={m.id}>{m.alias}</option>)}</select></label>
      <label>In effect from <input name="effectiveFrom" type="datetime-local" required /></label>
      <label>Input per 1M tokens (USD) <input name="input" inputMode="decimal" required pattern="\d+(\.\d{1,6})?" /></label>
      <label>Cached input per 1M (optional) <input name="cachedInput" inputMode="decimal" pattern="\d+(\.\d{1,6})?" /></label>
      <label>Output per 1M tokens (USD) <input name="output" inputMode="decimal" required pattern="\d+(\.\d{1,6})?" /></label>
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
