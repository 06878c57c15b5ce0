// The dimensions of a traffic cell that only rule conditions read (key,
// requested model, endpoint, input-size band, tag set; traffic-profile.ts)
// are projected onto what the scenario's rules name when the profile is
// loaded, so cells that no rule can tell apart merge:
//   - a key or requested model no rule names becomes null / FOLDED;
//   - tags are cut to the tags some rule names ([] when none does);
//   - bands between two consecutive edges the rules use become the first band
//     of that run (no rule bound falls between them), FOLDED when no rule
//     reads the band;
//   - endpoints are kept whole when any rule reads them (the ledger stores
//     paths, rules name routing endpoints), else FOLDED.
// Cost, quality, latency and the breakdowns (project, served model, tier,
// day, rule) are unchanged: every rule matches a projected cell exactly when
// it matched each cell merged into it. simulateScenario refuses a profile
// whose projection does not cover the scenario's rules.
import type { ScenarioMatch } from "./scenario-schema";
import { INPUT_BANDS, type InputBandId } from "./traffic-profile";

export const FOLDED = "*";

export interface TrafficProjection {
  /** Keys some rule names; any other key reads as none. */
  apiKeyIds: readonly string[];
  /** Requested models some rule names; any other reads as FOLDED. */
  requestedModels: readonly string[];
  endpoints: "kept" | "folded";
  /** Tags some rule names; the others are dropped from each cell's set. */
  tags: readonly string[];
  /** Token counts some rule bounds the input at (band edges); none: the band is FOLDED. */
  bandEdges: readonly number[];
}

const sortedUnion = <T extends string | number>(lists: readonly (readonly T[] | undefined)[]): T[] =>
  [...new Set(lists.flatMap((l) => l ?? []))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export function projectionFor(matches: readonly ScenarioMatch[]): TrafficProjection {
  return {
    apiKeyIds: sortedUnion(matches.map((m) => m.apiKeyIds)),
    requestedModels: sortedUnion(matches.map((m) => m.requestedModels)),
    endpoints: matches.some((m) => m.endpoints) ? "kept" : "folded",
    tags: sortedUnion(matches.map((m) => m.tags)),
    bandEdges: sortedUnion(matches.map((m) => [m.minInputTokens, m.maxInputTokens].filter((e): e is number => e !== undefined))),
  };
}

/** The band a projected cell carries for `band`: the first band of its run between rule edges. */
export function projectedBand(band: InputBandId, edges: readonly number[]): InputBandId | typeof FOLDED {
  if (edges.length === 0) return FOLDED;
  const index = INPUT_BANDS.findIndex((b) => b.id === band);
  const runOf = (i: number) => edges.filter((e) => e <= INPUT_BANDS[i]!.min).length;
  let first = index;
  while (first > 0 && runOf(first - 1) === runOf(index)) first--;
  return INPUT_BANDS[first]!.id;
}

/** What the rules read that the projection dropped (empty: the profile can serve the scenario). */
export function projectionGaps(projection: TrafficProjection, matches: readonly ScenarioMatch[]): string[] {
  const wanted = projectionFor(matches);
  const missing = (name: string, want: readonly (string | number)[], have: readonly (string | number)[]) => want.filter((v) => !have.includes(v)).map((v) => `${name} ${v}`);
  return [
    ...missing("key", wanted.apiKeyIds, projection.apiKeyIds),
    ...missing("requested model", wanted.requestedModels, projection.requestedModels),
    ...missing("tag", wanted.tags, projection.tags),
    ...missing("input-size edge", wanted.bandEdges, projection.bandEdges),
    ...(wanted.endpoints === "kept" && projection.endpoints === "folded" ? ["endpoints"] : []),
  ];
}
