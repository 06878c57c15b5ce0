"use client";

// The chart library loads after the page; a placeholder holds its place.
import dynamic from "next/dynamic";

export const DailyCostChart = dynamic(() => import("./daily-cost-chart-impl").then((m) => m.DailyCostChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 220 }} aria-hidden />,
});
