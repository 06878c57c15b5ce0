"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_TIERS, spendPerDayByTier } from "@/lib/dashboard/day-axis";
import { formatUsd } from "@/lib/format/format-usd";

const COLORS: Record<string, string> = { premium: "var(--premium)", mid: "var(--mid)", economy: "var(--economy)", unknown: "var(--unknown)" };

/** Spend per day of the range `from`..`to` (org-local days): every day is on the axis, days without spend are empty. */
export function SpendByTierChart({ rows, from, to }: { rows: { day: string; tier: string; costUsd: string }[]; from: string; to: string }) {
  if (rows.length === 0) return <p className="muted">No spend in this period.</p>;
  // Numbers here are chart coordinates only; amounts shown as text stay decimal strings.
  const data = spendPerDayByTier(rows, from, to).map((p) => ({ ...p, label: p.day.slice(5) }));
  return (
    <div style={{ width: "100%", height: 280 }} data-testid="tier-chart" data-days={data.length} role="img" aria-label={`Stacked bar chart of daily spend by tier, ${from} to ${to}`}>
      <ResponsiveContainer>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => `$${v}`} tick={{ fontSize: 11 }} width={60} />
          <Tooltip formatter={(v) => formatUsd(String(v))} />
          <Legend />
          {CHART_TIERS.filter((t) => rows.some((r) => r.tier === t)).map((t) => (
            <Bar key={t} dataKey={t} stackId="spend" fill={COLORS[t]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
