"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatUsdAt } from "@/lib/format/format-usd";
import type { DailyCostPoint } from "@/lib/whatif/view/read-scenario-result";

/** Baseline (the ledger) against the simulated cost per day, with the simulated band shaded. */
export function DailyCostChart({ points, timezone }: { points: DailyCostPoint[]; timezone: string }) {
  const byDay = new Map(points.map((p) => [p.label, p]));
  return (
    <figure className="m-0 min-w-0" data-testid="whatif-daily-chart" data-days={points.length}>
      <figcaption className="mb-1 text-sm font-medium">Cost per day ({timezone}): baseline against simulated</figcaption>
      <div style={{ width: "100%", height: 220 }} role="img" aria-label={`Baseline and simulated cost on each of ${points.length} days`}>
        <ResponsiveContainer>
          <ComposedChart data={points} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 10, fill: "var(--muted)" }} interval="preserveStartEnd" minTickGap={20} />
            <YAxis tick={{ fontSize: 11, fill: "var(--muted)" }} width={56} tickFormatter={(v: number) => `$${v.toLocaleString("en-US", { maximumFractionDigits: 2 })}`} />
            <Tooltip
              contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }}
              // Exact strings for the figures, not the chart's float coordinates.
              formatter={(_v, name, item) => {
                const p = byDay.get(String((item.payload as DailyCostPoint).label));
                if (!p) return ["–", String(name)];
                if (name === "band") return [`${formatUsdAt(String(p.band[0]), 2)} – ${formatUsdAt(String(p.band[1]), 2)}`, "simulated band"];
                return [formatUsdAt(name === "Baseline" ? p.baselineUsd : p.simulatedUsd, 2), String(name)];
              }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Area dataKey="band" name="band" stroke="none" fill="var(--economy)" fillOpacity={0.18} isAnimationActive={false} legendType="none" />
            <Line dataKey="baseline" name="Baseline" stroke="var(--premium)" strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
            <Line dataKey="simulated" name="Simulated" stroke="var(--economy)" strokeWidth={2} dot={points.length <= 31} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
