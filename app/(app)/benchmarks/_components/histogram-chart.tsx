"use client";

// The chart library loads after the page (it is most of a chart page's JavaScript); a placeholder holds its place.
import dynamic from "next/dynamic";

export const HistogramChart = dynamic(() => import("./histogram-chart-impl").then((m) => m.HistogramChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 220 }} aria-hidden />,
});
