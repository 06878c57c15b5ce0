"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BurnDownPoint } from "@/lib/budgets/get-budget-status";
import { formatUsd, formatUsdColumn } from "@/lib/format/format-usd";

// Chart coordinates only; the amounts printed on the page stay decimal strings.
export function BurnDownChart({ points, amountUsd, testId }: { points: BurnDownPoint[]; amountUsd: string; testId: string }) {
  const data = points.map((p) => ({ day: p.day.slice(5), spent: p.spentUsd, forecast: p.forecastUsd, band: p.band }));
  return (
    <div style={{ width: "100%", height: 220 }} data-testid={testId} role="img" aria-label="Burn-down: spend to date, forecast band and the budget line">
      <ResponsiveContainer>
        <ComposedChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => `$${v}`} tick={{ fontSize: 11 }} width={60} />
          <Tooltip formatter={(v) => (Array.isArray(v) ? formatUsdColumn(v.map(String)).join(" – ") : formatUsd(String(v)))} />
          <Area dataKey="band" name="Forecast range (90%)" stroke="none" fill="var(--accent)" fillOpacity={0.15} isAnimationActive={false} />
          <Line dataKey="forecast" name="Forecast" stroke="var(--accent)" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
          <Line dataKey="spent" name="Spent" stroke="var(--premium)" strokeWidth={2} dot={false} isAnimationActive={false} />
          <ReferenceLine y={Number(amountUsd)} ifOverflow="extendDomain" stroke="var(--danger)" label={{ value: `Budget ${formatUsd(amountUsd)}`, position: "insideTopLeft", fontSize: 11 }} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
