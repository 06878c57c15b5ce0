// What the pure simulator needs from scenario-schema.ts at run time, without
// zod: the simulation thread bundles what it imports, and zod alone was most
// of that bundle and of the thread's heap at start (simulate-off-loop.ts).
import type { ScenarioRule } from "./scenario-schema";

export const TIERS = ["premium", "mid", "economy"] as const;

/** The suite a rule's quality is judged on: its own, else its cheapestWhere suite; null when it names none. */
export function qualitySuiteOf(rule: ScenarioRule): string | null {
  return rule.suiteId ?? ("cheapestWhere" in rule.target ? rule.target.cheapestWhere.suiteId : null);
}
