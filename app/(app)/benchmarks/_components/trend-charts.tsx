"use client";

// The chart library loads after the page (it is most of a chart page's JavaScript); a placeholder holds its place.
import dynamic from "next/dynamic";

export const TrendCharts = dynamic(() => import("./trend-charts-impl").then((m) => m.TrendCharts), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 240 }} aria-hidden />,
});
