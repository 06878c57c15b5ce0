"use client";

// The chart library loads after the page (it is most of a chart page's JavaScript); a placeholder holds its place.
import dynamic from "next/dynamic";

export const QualityCostChart = dynamic(() => import("./quality-cost-chart-impl").then((m) => m.QualityCostChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 360 }} aria-hidden />,
});
