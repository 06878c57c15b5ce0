"use client";

// The chart library loads after the page (it is most of a chart page's JavaScript); a placeholder holds its place.
import dynamic from "next/dynamic";

export const SpendByTierChart = dynamic(() => import("./spend-by-tier-chart-impl").then((m) => m.SpendByTierChart), {
  ssr: false,
  loading: () => <div className="skeleton" style={{ height: 280 }} aria-hidden />,
});
