"use client";

// The chart library loads after the page; a placeholder holds its place.
import dynamic from "next/dynamic";

export const BurstChart = dynamic(() => import("./burst-chart-impl").then((m) => m.BurstChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 220 }} aria-hidden />,
});
