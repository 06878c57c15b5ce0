// The measured facts a simulation reads besides the traffic: the catalog with
// its price versions, benchmark pass rates and latency samples. Plain data,
// filled by the I/O slice (catalog and price book, benchmark_run summaries and
// benchmark_result rows); nothing here reads a database.
import type { PriceVersion } from "@/lib/pricing/price-version-rows";
import type { Tier } from "@/lib/pricing/tier-for-price";

export interface CatalogModel {
  alias: string;
  /** Who serves it (the provider's vendor, e.g. "openai"): cached input carries over only within one. */
  provider: string;
  isLocal: boolean;
  tier: Tier;
  /** Sorted by effectiveFrom ascending (lib/pricing/load-price-table.ts). */
  versions: readonly PriceVersion[];
}

export type WhatIfCatalog = ReadonlyMap<string, CatalogModel>;

/** A model's graded results on one suite (the latest run, or runs pooled: the I/O slice decides and names them). */
export interface MeasuredPassRate {
  passed: number;
  graded: number;
  runIds: readonly string[];
}

/** suite id -> model alias -> measured pass rate. A model absent from a suite is unmeasured on it. */
export type QualityTable = ReadonlyMap<string, ReadonlyMap<string, MeasuredPassRate>>;

/** A model's measured per-request latency samples (completed benchmark requests). */
export interface LatencyProfile {
  /** Time to first token, ms. */
  ttftMs: readonly number[];
  /** Per-request output tokens per second (DESIGN.md: output tokens / (E2E - TTFT)). */
  outputTokensPerSec: readonly number[];
  runIds: readonly string[];
}

/** model alias -> latency profile; a model absent here has unmeasured latency. */
export type LatencyTable = ReadonlyMap<string, LatencyProfile>;

/** Thrown when the inputs cannot give an honest answer (a target without a price, a capacity without a measurement). */
export class WhatIfInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "WhatIfInputError";
  }
}
