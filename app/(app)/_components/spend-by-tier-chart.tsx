"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsd } from "@/lib/format/format-usd";

const TIERS = ["premium", "mid", "economy", "unknown"] as const;
const COLORS: Record<string, string> = { premium: "var(--premium)", mid: "var(--mid)", economy: "var(--economy)", unknown: "var(--unknown)" };

export function SpendByTierChart({ rows }: { rows: { day: string; tier: string; costUsd: string }[] }) {
  // Numbers here are chart coordinates only; amounts shown as text stay decimal strings.
  const byDay = new Map<string, Record<string, number | string>>();
  for (const r of rows) {
    const entry = byDay.get(r.day) ?? { day: r.day.slice(5) };
    entry[r.tier] = Number(r.costUsd);
    byDay.set(r.day, entry);
  }
  const data = [...byDay.values()];
  if (data.length === 0) return <p className="muted">No spend in this period.</p>;
  return (
    <div style={{ width: "100%", height: 280 }} data-testid="tier-chart" role="img" aria-label="Stacked bar chart of daily spend by tier">
      <ResponsiveContainer>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => `$${v}`} tick={{ fontSize: 11 }} width={60} />
          <Tooltip formatter={(v) => formatUsd(String(v))} />
          <Legend />
          {TIERS.filter((t) => rows.some((r) => r.tier === t)).map((t) => (
            <Bar key={t} dataKey={t} stackId="spend" fill={COLORS[t]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
