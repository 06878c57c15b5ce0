"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/lib/format/format-number";
import type { BurstHourPoint } from "@/lib/whatif/view/read-scenario-result";

/** Requests per hour (UTC) that the local model served and that spilled to the cloud model, stacked. */
export function BurstChart({ points, localModel, cloudModel }: { points: BurstHourPoint[]; localModel: string; cloudModel: string }) {
  const spilled = points.reduce((a, p) => a + p.spilled, 0);
  return (
    <figure className="m-0 min-w-0" data-testid="burst-chart">
      <figcaption className="mb-1 text-sm font-medium">Requests per hour (UTC): {localModel} locally, spilled to {cloudModel}</figcaption>
      <div style={{ width: "100%", height: 220 }} role="img" aria-label={`Per hour: requests served by ${localModel} and spilled to ${cloudModel}, ${points.length} hours with local load, ${formatNumber(Math.round(spilled))} requests spilled in all`}>
        <ResponsiveContainer>
          <BarChart data={points} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 10, fill: "var(--muted)" }} interval="preserveStartEnd" minTickGap={24} />
            <YAxis tick={{ fontSize: 11, fill: "var(--muted)" }} width={44} />
            <Tooltip formatter={(v, name) => [formatNumber(Number(v), { fractionDigits: 1 }), String(name)]} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="local" name={`${localModel} (local)`} stackId="a" fill="var(--economy)" isAnimationActive={false} />
            <Bar dataKey="spilled" name={`spilled to ${cloudModel}`} stackId="a" fill="var(--premium)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
