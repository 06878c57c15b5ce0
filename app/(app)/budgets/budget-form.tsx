"use client";

import { useState } from "react";
import { useApiSubmit } from "../_components/api-form";
import { Field } from "../_components/field";

export interface BudgetFormOptions {
  projects: { id: string; name: string }[];
  keys: { id: string; label: string }[];
  models: string[];
  channels: { id: string; name: string; kind: string }[];
}

export interface BudgetFormValues {
  id?: string;
  name: string;
  scope: string;
  projectId: string | null;
  apiKeyId: string | null;
  tag: string | null;
  period: string;
  amountUsd: string;
  mode: string;
  thresholds: number[];
  breachAction: string;
  downgradeToModel: string | null;
  downgradeToTier: string | null;
  throttleRpm: number | null;
  channelIds: string[];
}

const EMPTY: BudgetFormValues = {
  name: "", scope: "project", projectId: null, apiKeyId: null, tag: null, period: "month", amountUsd: "", mode: "hard",
  thresholds: [50, 80, 100], breachAction: "block", downgradeToModel: null, downgradeToTier: null, throttleRpm: null, channelIds: [],
};

export function BudgetForm({ options, initial, onDone }: { options: BudgetFormOptions; initial?: BudgetFormValues; onDone?: () => void }) {
  const start = initial ?? { ...EMPTY, projectId: options.projects[0]?.id ?? null };
  const [scope, setScope] = useState(start.scope);
  const [action, setAction] = useState(start.breachAction);
  const { submit, error, pending } = useApiSubmit();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "").trim() || null;
    const body = {
      name: text("name"), scope, period: text("period"), amountUsd: text("amountUsd"), mode: text("mode"), breachAction: action,
      projectId: scope === "project" ? text("projectId") : null,
      apiKeyId: scope === "key" ? text("apiKeyId") : null,
      tag: scope === "tag" ? text("tag") : null,
      thresholds: (text("thresholds") ?? "").split(/[,\s]+/).filter(Boolean).map(Number),
      downgradeToModel: action === "downgrade" ? text("downgradeToModel") : null,
      downgradeToTier: action === "downgrade" && !text("downgradeToModel") ? text("downgradeToTier") : null,
      throttleRpm: action === "throttle" ? Number(text("throttleRpm")) : null,
      channelIds: f.getAll("channelIds").map(String),
    };
    const saved = await submit(start.id ? "PUT" : "POST", start.id ? `/api/manage/v1/budgets/${start.id}` : "/api/manage/v1/budgets", body);
    if (saved) onDone?.();
  }

  return (
    <form onSubmit={onSubmit} aria-label={start.id ? `Edit budget ${start.name}` : "New budget"} className="form-grid">
      <Field label="Name"><input name="name" required maxLength={100} defaultValue={start.name} /></Field>
      <Field label="Applies to"><select name="scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="org">Whole org</option><option value="project">A project</option><option value="key">An API key</option><option value="tag">A tag</option>
        </select></Field>
      {scope === "project" && (
        <Field label="Project"><select name="projectId" defaultValue={start.projectId ?? undefined}>{options.projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select></Field>
      )}
      {scope === "key" && (
        <Field label="API key"><select name="apiKeyId" defaultValue={start.apiKeyId ?? undefined}>{options.keys.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}</select></Field>
      )}
      {scope === "tag" && <Field label="Tag"><input name="tag" required defaultValue={start.tag ?? ""} /></Field>}
      <Field label="Period"><select name="period" defaultValue={start.period}><option value="day">Day</option><option value="week">Week (from Monday)</option><option value="month">Month</option></select></Field>
      <Field label="Amount (USD)"><input name="amountUsd" required inputMode="decimal" pattern="\d+(\.\d{1,6})?" defaultValue={start.amountUsd} /></Field>
      <Field label="Mode"><select name="mode" defaultValue={start.mode}><option value="hard">Hard (enforced)</option><option value="soft">Soft (alerts only)</option></select></Field>
      <Field label="Alert at (% of amount)"><input name="thresholds" defaultValue={start.thresholds.join(", ")} /></Field>
      <Field label="When spent"><select name="breachAction" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="block">Block requests</option><option value="downgrade">Downgrade to a cheaper model</option><option value="throttle">Throttle requests</option>
        </select></Field>
      {action === "downgrade" && (
        <>
          <Field label="Downgrade to model"><select name="downgradeToModel" defaultValue={start.downgradeToModel ?? ""}><option value="">(cheapest of a tier)</option>{options.models.map((m) => <option key={m} value={m}>{m}</option>)}</select></Field>
          <Field label="…or tier"><select name="downgradeToTier" defaultValue={start.downgradeToTier ?? "economy"}><option value="economy">economy</option><option value="mid">mid</option></select></Field>
        </>
      )}
      {action === "throttle" && <Field label="Requests per minute after"><input name="throttleRpm" type="number" min={1} required defaultValue={start.throttleRpm ?? 10} /></Field>}
      <fieldset style={{ gridColumn: "1 / -1", border: "none", padding: 0 }}>
        <legend>Notify</legend>
        {options.channels.length === 0 && <span className="muted">No channels yet: add them on the Alerts page. Alerts always show in-app.</span>}
        {options.channels.map((c) => (
          <label key={c.id} style={{ marginRight: 12 }}>
            <input type="checkbox" name="channelIds" value={c.id} defaultChecked={start.channelIds.includes(c.id)} /> {c.name} <span className="muted">({c.kind})</span>
          </label>
        ))}
      </fieldset>
      <div><button type="submit" disabled={pending}>{pending ? "Saving…" : start.id ? "Save budget" : "Create budget"}</button></div>
      {error && <p role="alert" className="warn" style={{ gridColumn: "1 / -1" }}>{error}</p>}
    </form>
  );
}
