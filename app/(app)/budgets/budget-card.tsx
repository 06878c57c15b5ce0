"use client";

import { useState } from "react";
import type { BudgetView } from "@/lib/budgets/list-budgets";
import { formatUsdColumn, formatUsdEstimate } from "@/lib/format/format-usd";
import { ConfirmActionButton } from "../_components/confirm-action-button";
import { BudgetForm, type BudgetFormOptions } from "./budget-form";
import { BurnDownChart } from "./burn-down-chart";

const ACTION_TEXT = { block: "blocks requests", downgrade: "downgrades", throttle: "throttles" } as const;

export function BudgetCard({ budget, options, canEdit }: { budget: BudgetView; options: BudgetFormOptions; canEdit: boolean }) {
  const [editing, setEditing] = useState(false);
  const { status } = budget;
  const over = status.percentUsed >= 100;
  const forecastOver = status.forecast.projectedUsd > Number(budget.amountUsd);
  const [spentText, amountText] = formatUsdColumn([status.spentUsd, budget.amountUsd]);
  const f = status.forecast;
  return (
    <section className="card" aria-labelledby={`b-${budget.id}`} data-testid={`budget-${budget.name}`}>
      <h2 id={`b-${budget.id}`} style={{ marginBottom: 4 }}>{budget.name}</h2>
      <p className="muted" style={{ marginTop: 0 }}>
        {budget.target} · per {budget.period} · {budget.mode === "hard" ? `hard: ${ACTION_TEXT[budget.breachAction]}` : "soft: alerts only"}
        {budget.breachAction === "downgrade" && budget.mode === "hard" && ` to ${budget.downgradeToModel ?? `cheapest ${budget.downgradeToTier}`}`}
        {budget.breachAction === "throttle" && budget.mode === "hard" && ` to ${budget.throttleRpm}/min`} · alerts at {budget.thresholds.join("/")}%
      </p>
      <p style={{ margin: "4px 0" }}>
        <strong data-testid="budget-spent">{spentText}</strong> of {amountText} ({status.percentUsed.toFixed(1)}%)
        {over && <span className="warn"> · spent</span>}
      </p>
      <div className={`bar${over ? " over" : ""}`} aria-hidden><span style={{ width: `${Math.min(100, status.percentUsed)}%` }} /></div>
      <p className={forecastOver ? "warn" : "muted"} data-testid="budget-forecast">
        Forecast by {status.periodEnd.slice(0, 10)}: {formatUsdEstimate(f.projectedUsd)} (90% range {formatUsdEstimate(f.lowUsd)}–{formatUsdEstimate(f.highUsd)}, {f.method})
      </p>
      <BurnDownChart points={status.burnDown} amountUsd={budget.amountUsd} testId={`burn-down-${budget.id}`} />
      {canEdit && (
        <p>
          <button type="button" onClick={() => setEditing(!editing)}>{editing ? "Close" : "Edit"}</button>{" "}
          <ConfirmActionButton label="Delete" title={`Delete budget "${budget.name}"?`} confirmLabel="Delete budget" done={`Budget "${budget.name}" deleted`} url={`/api/manage/v1/budgets/${budget.id}`} confirmText="Its limits stop applying at once; its alert history stays." />
        </p>
      )}
      {editing && <BudgetForm options={options} initial={budget} onDone={() => setEditing(false)} />}
    </section>
  );
}
