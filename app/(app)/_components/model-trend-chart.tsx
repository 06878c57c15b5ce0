"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ModelDay } from "@/lib/dashboard/get-model-usage";

export function ModelTrendChart({ days }: { days: ModelDay[] }) {
  if (days.length === 0) return <p className="muted">No traffic in this period.</p>;
  // Chart coordinates only; exact amounts are in the table below.
  const data = days.map((d) => ({ day: d.day.slice(5), requests: d.requests, latency: d.avgLatencyMs, ttft: d.avgTtftMs }));
  return (
    <div style={{ width: "100%", height: 240 }} role="img" aria-label="Line chart of requests, average latency and time to first token per day">
      <ResponsiveContainer>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="day" tick={{ fontSize: 11 }} />
          <YAxis yAxisId="n" tick={{ fontSize: 11 }} width={60} />
          <YAxis yAxisId="ms" orientation="right" tick={{ fontSize: 11 }} width={60} unit=" ms" />
          <Tooltip />
          <Legend />
          <Line yAxisId="n" dataKey="requests" name="Requests" stroke="var(--accent)" dot={false} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="latency" name="Avg latency (ms)" stroke="var(--premium)" dot={false} isAnimationActive={false} />
          <Line yAxisId="ms" dataKey="ttft" name="Avg TTFT (ms)" stroke="var(--economy)" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
