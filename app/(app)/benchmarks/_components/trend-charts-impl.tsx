"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendSeries } from "@/lib/benchmarks/view/trend-series";

// Axis labels as precise as the runs' spread needs: seconds within an hour, minutes within days, else days (UTC).
function tickFormat(spanMs: number): (t: number) => string {
  if (spanMs < 3_600_000) return (t) => new Date(t).toISOString().slice(11, 19);
  if (spanMs < 3 * 86_400_000) return (t) => new Date(t).toISOString().slice(5, 16).replace("T", " ");
  return (t) => new Date(t).toISOString().slice(0, 10);
}
const full = (t: number) => `${new Date(t).toISOString().slice(0, 19).replace("T", " ")} UTC`;

/** Pass rate and p95 TTFT per finished run, one line per model, over run time (a run without the number is a gap). */
export function TrendCharts({ series, colors }: { series: TrendSeries[]; colors: Record<string, string> }) {
  if (series.length === 0) return <p className="text-muted-foreground">No finished runs of this suite yet.</p>;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2" data-testid="trend-charts">
      <TrendChart series={series} colors={colors} title="Pass rate by run" value={(p) => (p.passRate === null ? null : p.passRate * 100)} unit="%" domain={[0, 100]} />
      <TrendChart series={series} colors={colors} title="p95 TTFT by run" value={(p) => p.ttftP95Ms} unit=" ms" domain={[0, "auto"]} />
    </div>
  );
}

function TrendChart({ series, colors, title, value, unit, domain }: { series: TrendSeries[]; colors: Record<string, string>; title: string; value: (p: TrendSeries["points"][number]) => number | null; unit: string; domain: [number, number | "auto"] }) {
  const runs = series.reduce((a, s) => a + s.points.length, 0);
  const times = series.flatMap((s) => s.points.map((p) => p.t));
  const tick = tickFormat(Math.max(...times) - Math.min(...times));
  return (
    <figure className="m-0 min-w-0">
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      <div style={{ width: "100%", height: 220 }} role="img" aria-label={`Line chart: ${title}, ${series.length} models, ${runs} runs`}>
        <ResponsiveContainer>
          <LineChart margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis type="number" dataKey="t" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 10, fill: "var(--muted)" }} tickCount={5} allowDuplicatedCategory={false} />
            <YAxis domain={domain} unit={unit} tick={{ fontSize: 11, fill: "var(--muted)" }} width={60} />
            <Tooltip labelFormatter={(t) => full(Number(t))} formatter={(v) => [`${Number(v).toFixed(1)}${unit}`]} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Line key={s.model} name={s.model} data={s.points.map((p) => ({ t: p.t, v: value(p) }))} dataKey="v" stroke={colors[s.model] ?? "var(--accent)"} dot connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
