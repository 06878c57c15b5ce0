// Which rule of a scenario decides each cell: the first whose conditions all
// hold (conditions left out hold for every cell). A cell is matched whole:
// every rule condition is one of the cell's dimensions (traffic-profile.ts).
import type { ScenarioMatch } from "./scenario-schema";
import { FOLDED } from "./fold-dimensions";
import { inputBand, type TrafficCell } from "./traffic-profile";

export interface CompiledMatch {
  projectIds: ReadonlySet<string> | null;
  apiKeyIds: ReadonlySet<string> | null;
  tags: readonly string[] | null;
  requestedModels: ReadonlySet<string> | null;
  tiers: ReadonlySet<string> | null;
  endpoints: ReadonlySet<string> | null;
  minInputTokens: number | null;
  maxInputTokens: number | null;
}

const setOf = (values: readonly string[] | undefined) => (values ? new Set(values) : null);

export function compileMatch(m: ScenarioMatch): CompiledMatch {
  return {
    projectIds: setOf(m.projectIds),
    apiKeyIds: setOf(m.apiKeyIds),
    tags: m.tags ?? null,
    requestedModels: setOf(m.requestedModels),
    tiers: setOf(m.tiers),
    endpoints: setOf(m.endpoints),
    minInputTokens: m.minInputTokens ?? null,
    maxInputTokens: m.maxInputTokens ?? null,
  };
}

export function cellMatches(m: CompiledMatch, c: TrafficCell): boolean {
  if (m.projectIds && !m.projectIds.has(c.projectId)) return false;
  if (m.apiKeyIds && (c.apiKeyId === null || !m.apiKeyIds.has(c.apiKeyId))) return false;
  if (m.requestedModels && !m.requestedModels.has(c.requestedModel)) return false;
  if (m.tiers && (c.tier === null || !m.tiers.has(c.tier))) return false;
  if (m.endpoints && !m.endpoints.has(c.endpoint)) return false;
  if (m.tags && !m.tags.every((t) => c.tags.includes(t))) return false;
  if (m.minInputTokens !== null || m.maxInputTokens !== null) {
    // Rule bounds are band edges, so a band is wholly inside [min, max) or wholly outside.
    if (c.inputBand === FOLDED) throw new RangeError("a rule reads the input-size band of a profile loaded with it folded");
    const band = inputBand(c.inputBand);
    if (m.minInputTokens !== null && band.min < m.minInputTokens) return false;
    if (m.maxInputTokens !== null && (band.max === null || band.max > m.maxInputTokens)) return false;
  }
  return true;
}

/** Per cell, the index of the first rule that matches it, or -1. */
export function assignRules(cells: readonly TrafficCell[], matches: readonly ScenarioMatch[]): Int32Array {
  const compiled = matches.map(compileMatch);
  const ruleOfCell = new Int32Array(cells.length).fill(-1);
  cells.forEach((c, i) => {
    const r = compiled.findIndex((m) => cellMatches(m, c));
    ruleOfCell[i] = r;
  });
  return ruleOfCell;
}
