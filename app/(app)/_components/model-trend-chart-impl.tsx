"use client";

import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ModelDay } from "@/lib/dashboard/get-model-usage";
import { fillDays } from "@/lib/dashboard/day-axis";

type Point = { day: string; label: string; requests: number; latency: number | null; ttft: number | null };

// One small chart per measure, each on its own scale (a shared axis flattened
// TTFT against latency), over every day of the range: a day without traffic
// has 0 requests and no latency point (a gap, not a fake 0 ms).
export function ModelTrendChart({ days, from, to }: { days: ModelDay[]; from: string; to: string }) {
  if (days.length === 0) return <p className="muted">No traffic in this period.</p>;
  // Chart coordinates only; exact amounts are in the table below.
  const points = days.map((d): Point => ({ day: d.day, label: d.day.slice(5), requests: d.requests, latency: d.avgLatencyMs, ttft: d.avgTtftMs }));
  const data = fillDays(points, from, to, (day) => ({ day, label: day.slice(5), requests: 0, latency: null, ttft: null }));
  return (
    <div className="grid" data-testid="model-trend-charts" data-days={data.length}>
      <SmallChart title="Requests per day">
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={50} allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="requests" name="Requests" fill="var(--accent)" isAnimationActive={false} />
        </BarChart>
      </SmallChart>
      <SmallChart title="Average latency (ms)">
        {msChart(data, "latency", "Avg latency (ms)", "var(--premium)")}
      </SmallChart>
      <SmallChart title="Average time to first token (ms)">
        {msChart(data, "ttft", "Avg TTFT (ms)", "var(--economy)")}
      </SmallChart>
    </div>
  );
}

function SmallChart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="muted">{title}</figcaption>
      <div style={{ width: "100%", height: 180 }} role="img" aria-label={`Chart: ${title}`}>
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
    </figure>
  );
}

// An element, not a component: ResponsiveContainer sizes its direct child chart.
function msChart(data: Point[], dataKey: "latency" | "ttft", name: string, color: string) {
  return (
    <LineChart data={data}>
      <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
      <XAxis dataKey="label" tick={{ fontSize: 11 }} />
      <YAxis tick={{ fontSize: 11 }} width={60} unit=" ms" domain={[0, "auto"]} />
      <Tooltip />
      <Line dataKey={dataKey} name={name} stroke={color} dot={data.filter((d) => d[dataKey] !== null).length <= 2} connectNulls={false} isAnimationActive={false} />
    </LineChart>
  );
}
