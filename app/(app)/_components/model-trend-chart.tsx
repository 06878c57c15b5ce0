"use client";

// The chart library loads after the page (it is most of a chart page's JavaScript); a placeholder holds its place.
import dynamic from "next/dynamic";

export const ModelTrendChart = dynamic(() => import("./model-trend-chart-impl").then((m) => m.ModelTrendChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 520 }} aria-hidden />,
});
