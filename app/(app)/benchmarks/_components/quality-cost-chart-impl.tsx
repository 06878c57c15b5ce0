"use client";

import { CartesianGrid, ComposedChart, LabelList, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import { formatLatencyMs } from "@/lib/benchmarks/view/format-metric";
import { formatUsd } from "@/lib/format/format-usd";

export interface QualityCostPointView {
  model: string;
  runId: string;
  /** Exact USD per 1,000 requests (shown as text). */
  costUsd: string;
  /** Pass rate in percent, 0-100. */
  passPct: number;
  e2eP95Ms: number | null;
  onFrontier: boolean;
}

/** Each model a point (x: USD per 1,000 requests, y: pass rate, size: p95 E2E), the frontier as a line. */
export function QualityCostChart({ points, colors }: { points: QualityCostPointView[]; colors: Record<string, string> }) {
  // Chart coordinates only (the exact amounts are in the table and the list beside it).
  const data = points.map((p) => ({ ...p, x: Number(p.costUsd), y: p.passPct, z: p.e2eP95Ms ?? 0, color: colors[p.model] ?? "var(--accent)" }));
  const frontier = data.filter((p) => p.onFrontier).sort((a, b) => a.x - b.x);
  const positive = data.every((p) => p.x > 0);
  const xs = data.map((p) => p.x);
  const logScale = positive && data.length > 1 && Math.max(...xs) / Math.min(...xs) >= 20;
  return (
    <div style={{ width: "100%", height: 360 }} data-testid="quality-cost-chart" data-points={data.length} role="img"
      aria-label={`Scatter chart of pass rate against USD per 1,000 requests for ${data.length} models; Pareto frontier: ${frontier.map((p) => p.model).join(", ") || "none"}.`}>
      <ResponsiveContainer>
        <ComposedChart margin={{ top: 16, right: 24, bottom: 24, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis type="number" dataKey="x" name="USD per 1,000 requests" scale={logScale ? "log" : "linear"} domain={logScale ? ["auto", "auto"] : [0, "auto"]}
            tickFormatter={(v: number) => `$${v}`} tick={{ fontSize: 11, fill: "var(--muted)" }}
            label={{ value: `USD per 1,000 requests${logScale ? " (log scale)" : ""}`, position: "insideBottom", offset: -12, fontSize: 12, fill: "var(--muted)" }} />
          <YAxis type="number" dataKey="y" name="Pass rate" unit="%" domain={[0, 100]} tick={{ fontSize: 11, fill: "var(--muted)" }} width={48}
            label={{ value: "Pass rate", angle: -90, position: "insideLeft", fontSize: 12, fill: "var(--muted)" }} />
          <ZAxis type="number" dataKey="z" range={[60, 600]} name="p95 E2E" />
          <Tooltip cursor={{ strokeDasharray: "3 3" }} content={({ payload }) => {
            const p = payload?.[0]?.payload as (typeof data)[number] | undefined;
            if (!p || !("model" in p)) return null;
            return (
              <div className="rounded-md border border-border bg-card px-2 py-1 text-xs shadow-md">
                <p className="m-0 font-semibold">{p.model}{p.onFrontier ? " (frontier)" : ""}</p>
                <p className="m-0 tabular-nums">{formatUsd(p.costUsd)} per 1,000 · pass {p.passPct.toFixed(1)}% · p95 E2E {formatLatencyMs(p.e2eP95Ms)}</p>
              </div>
            );
          }} />
          <Line data={frontier} dataKey="y" stroke="var(--ok)" strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} legendType="none" name="Pareto frontier" />
          <Scatter data={data} isAnimationActive={false} shape={(props: unknown) => {
            const { cx, cy, size, payload } = props as { cx: number; cy: number; size: number; payload: (typeof data)[number] };
            const r = Math.sqrt(size / Math.PI);
            return <circle cx={cx} cy={cy} r={r} fill={payload.color} fillOpacity={0.55} stroke={payload.onFrontier ? "var(--ok)" : payload.color} strokeWidth={payload.onFrontier ? 2.5 : 1} />;
          }}>
            <LabelList dataKey="model" position="top" offset={10} style={{ fontSize: 11, fill: "var(--text)" }} />
          </Scatter>
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
