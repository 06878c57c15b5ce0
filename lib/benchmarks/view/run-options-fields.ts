// The run options form (run now, and each schedule's runs): what its inputs
// hold (strings, as typed) and the one place they become the API's
// `config` (lib/benchmarks/run-config.ts). An empty optional input is left
// out, so the API's default applies; anything else is sent as typed and the
// API's schema names what is wrong with it.
import type { RunConfigInput } from "../run-config";

export const PROFILE_KINDS = ["sequential", "concurrency", "constant-rate", "poisson"] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];

export const PROFILE_LABELS: Record<ProfileKind, string> = {
  sequential: "Sequential (one request at a time)",
  concurrency: "Fixed concurrency (N in flight)",
  "constant-rate": "Constant rate (R requests/s)",
  poisson: "Poisson arrivals (R requests/s on average)",
};

export interface RunOptionsFields {
  profile: ProfileKind;
  concurrency: string;
  ratePerSec: string;
  maxInFlight: string;
  repeats: string;
  warmupRequests: string;
  maxDurationSec: string;
  costCapUsd: string;
  maxTokens: string;
  stream: boolean;
  ttftMs: string;
  tpotMs: string;
  e2eMs: string;
}

export const DEFAULT_RUN_OPTIONS: RunOptionsFields = {
  profile: "sequential", concurrency: "4", ratePerSec: "2", maxInFlight: "", repeats: "1", warmupRequests: "1", maxDurationSec: "1800",
  costCapUsd: "1.00", maxTokens: "256", stream: true, ttftMs: "", tpotMs: "", e2eMs: "",
};

/** "" -> undefined (the API's default); otherwise a number (NaN when it is not one, which the schema refuses by name). */
const numberOrDefault = (s: string): number | undefined => (s.trim() === "" ? undefined : Number(s.trim()));

export function runConfigFromFields(f: RunOptionsFields): RunConfigInput {
  const maxInFlight = numberOrDefault(f.maxInFlight);
  const profile = f.profile === "concurrency"
    ? { kind: "concurrency" as const, concurrency: numberOrDefault(f.concurrency) as number }
    : f.profile === "constant-rate" || f.profile === "poisson"
      ? { kind: f.profile, ratePerSec: numberOrDefault(f.ratePerSec) as number, ...(maxInFlight === undefined ? {} : { maxInFlight }) }
      : { kind: "sequential" as const };
  const objectives = Object.fromEntries(
    ([["ttftMs", f.ttftMs], ["tpotMs", f.tpotMs], ["e2eMs", f.e2eMs]] as const).flatMap(([k, v]) => (numberOrDefault(v) === undefined ? [] : [[k, numberOrDefault(v)]])),
  );
  const config: Record<string, unknown> = {
    profile,
    repeats: numberOrDefault(f.repeats),
    warmupRequests: numberOrDefault(f.warmupRequests),
    maxDurationSec: numberOrDefault(f.maxDurationSec),
    costCapUsd: f.costCapUsd.trim() === "" ? undefined : f.costCapUsd.trim(),
    maxTokens: numberOrDefault(f.maxTokens),
    stream: f.stream,
    objectives,
  };
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as RunConfigInput;
}

/** A stored config back into the form (editing a schedule's options), defaults where it is silent. */
export function fieldsFromRunConfig(config: unknown): RunOptionsFields {
  const c = (config && typeof config === "object" ? config : {}) as Record<string, unknown>;
  const p = (c.profile && typeof c.profile === "object" ? c.profile : {}) as Record<string, unknown>;
  const o = (c.objectives && typeof c.objectives === "object" ? c.objectives : {}) as Record<string, unknown>;
  const s = (v: unknown, fallback: string) => (typeof v === "number" || typeof v === "string" ? String(v) : fallback);
  const kind = PROFILE_KINDS.includes(p.kind as ProfileKind) ? (p.kind as ProfileKind) : "sequential";
  return {
    profile: kind,
    concurrency: s(p.concurrency, DEFAULT_RUN_OPTIONS.concurrency),
    ratePerSec: s(p.ratePerSec, DEFAULT_RUN_OPTIONS.ratePerSec),
    maxInFlight: s(p.maxInFlight, ""),
    repeats: s(c.repeats, DEFAULT_RUN_OPTIONS.repeats),
    warmupRequests: s(c.warmupRequests, DEFAULT_RUN_OPTIONS.warmupRequests),
    maxDurationSec: s(c.maxDurationSec, DEFAULT_RUN_OPTIONS.maxDurationSec),
    costCapUsd: s(c.costCapUsd, DEFAULT_RUN_OPTIONS.costCapUsd),
    maxTokens: s(c.maxTokens, DEFAULT_RUN_OPTIONS.maxTokens),
    stream: typeof c.stream === "boolean" ? c.stream : true,
    ttftMs: s(o.ttftMs, ""),
    tpotMs: s(o.tpotMs, ""),
    e2eMs: s(o.e2eMs, ""),
  };
}

/** Where an API issue on config.* shows in the form (resolveWithApiSchema's fieldFor). */
export const RUN_OPTION_FIELD_FOR: Record<string, keyof RunOptionsFields> = {
  "config.profile.concurrency": "concurrency",
  "config.profile.ratePerSec": "ratePerSec",
  "config.profile.maxInFlight": "maxInFlight",
  "config.profile": "profile",
  "config.repeats": "repeats",
  "config.warmupRequests": "warmupRequests",
  "config.maxDurationSec": "maxDurationSec",
  "config.costCapUsd": "costCapUsd",
  "config.maxTokens": "maxTokens",
  "config.objectives.ttftMs": "ttftMs",
  "config.objectives.tpotMs": "tpotMs",
  "config.objectives.e2eMs": "e2eMs",
};

/** One line describing a stored config: "sequential · 2 repeats · cap $1.00". */
export function describeRunConfig(config: unknown): string {
  const f = fieldsFromRunConfig(config);
  const profile = f.profile === "concurrency" ? `concurrency ${f.concurrency}` : f.profile === "sequential" ? "sequential" : `${f.profile} ${f.ratePerSec}/s`;
  const repeats = f.repeats === "1" ? null : `${f.repeats} repeats`;
  return [profile, repeats, `warm-up ${f.warmupRequests}`, `cap $${f.costCapUsd}`, `max ${f.maxDurationSec} s`, f.stream ? null : "not streamed"].filter(Boolean).join(" · ");
}
