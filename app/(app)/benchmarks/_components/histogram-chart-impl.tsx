"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { HistogramBin } from "@/lib/benchmarks/view/histogram-bins";
import { formatNumber } from "@/lib/format/format-number";

/** Counts per bin of a sample (bins computed on the server: lib/benchmarks/view/histogram-bins.ts). */
export function HistogramChart({ bins, title, unit, summary, testId }: { bins: HistogramBin[]; title: string; unit: string; summary: string; testId?: string }) {
  const data = bins.map((b) => ({ label: b.from === b.to ? edge(b.from) : `${edge(b.from)}–${edge(b.to)}`, count: b.count }));
  const total = bins.reduce((a, b) => a + b.count, 0);
  return (
    <figure className="m-0 min-w-0" data-testid={testId}>
      <figcaption className="mb-1 flex flex-wrap justify-between gap-2 text-sm">
        <span className="font-medium">{title}</span>
        <span className="text-muted-foreground tabular-nums">{summary}</span>
      </figcaption>
      {total === 0 ? (
        <p className="text-muted-foreground">Nothing measured.</p>
      ) : (
        <div style={{ width: "100%", height: 200 }} role="img" aria-label={`Histogram: ${title}, ${formatNumber(total)} values. ${summary}`}>
          <ResponsiveContainer>
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 10, fill: "var(--muted)" }} interval="preserveStartEnd" minTickGap={8} unit={` ${unit}`} />
              <YAxis tick={{ fontSize: 11, fill: "var(--muted)" }} width={44} allowDecimals={false} />
              <Tooltip formatter={(v) => [formatNumber(Number(v)), "count"]} labelFormatter={(l) => `${String(l)} ${unit}`} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)", color: "var(--text)" }} />
              <Bar dataKey="count" fill="var(--accent)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

function edge(v: number): string {
  return formatNumber(v, { fractionDigits: Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : Math.abs(v) >= 1 ? 1 : 2 });
}
