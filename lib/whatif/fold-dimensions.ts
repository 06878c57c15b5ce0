// Dimensions of a traffic cell that only rule conditions read (key, requested
// model, endpoint, input-size band, tag set; traffic-profile.ts): a scenario
// whose rules never name one can have it folded away when the profile is
// loaded, so cells that differ only there merge. Cost, quality, latency and
// the breakdowns (project, served model, tier, day, rule) are unchanged by a
// fold; the cells are fewer (about 6x on the large data set when a scenario
// matches on tier and project only). A folded field holds FOLDED, and
// simulateScenario refuses a profile folded on a dimension a rule reads.
import type { ScenarioMatch } from "./scenario-schema";

export const FOLDED = "*";
export const FOLDABLE_DIMENSIONS = ["apiKey", "requestedModel", "endpoint", "inputBand", "tags"] as const;
export type FoldableDimension = (typeof FOLDABLE_DIMENSIONS)[number];

/** The foldable dimensions some rule's conditions read. */
export function dimensionsRead(matches: readonly ScenarioMatch[]): Set<FoldableDimension> {
  const read = new Set<FoldableDimension>();
  for (const m of matches) {
    if (m.apiKeyIds) read.add("apiKey");
    if (m.requestedModels) read.add("requestedModel");
    if (m.endpoints) read.add("endpoint");
    if (m.minInputTokens !== undefined || m.maxInputTokens !== undefined) read.add("inputBand");
    if (m.tags) read.add("tags");
  }
  return read;
}

/** The dimensions no rule reads: safe to fold. */
export function foldableDimensions(matches: readonly ScenarioMatch[]): FoldableDimension[] {
  const read = dimensionsRead(matches);
  return FOLDABLE_DIMENSIONS.filter((d) => !read.has(d));
}
