"use client";

// The chart library loads after the page (it is most of a chart page's JavaScript); a placeholder holds its place.
import dynamic from "next/dynamic";

export const BurnDownChart = dynamic(() => import("./burn-down-chart-impl").then((m) => m.BurnDownChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 200 }} aria-hidden />,
});
