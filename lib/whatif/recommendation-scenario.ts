// A recommendation as a scenario, the one the Recommendations page's "Make
// scenario" creates through the scenarios API (the editor's use case): the
// same range, one rule moving all of the project's traffic that asked for the
// requested model to the candidate, its quality judged on the suite that
// decided the candidate (the one where it kept the least of the requested
// model's pass rate). No server imports: the page's client component builds it.
import type { ScenarioInput } from "./scenario-schema";

export interface RecommendationChoice {
  projectId: string;
  projectName: string;
  requestedModel: string;
  candidate: string;
  /** Per suite the candidate was compared on: its retained percent (null: not computable). */
  suites: readonly { suiteId: string; retainedPercent: string | null }[];
  range: { from: string; to: string };
}

const MAX_NAME = 200;
const MAX_RULE_NAME = 120;

/** The suite with the lowest retained percent (the one that decides), else the first compared. */
export function decidingSuite(suites: RecommendationChoice["suites"]): string | null {
  const measured = suites.filter((s) => s.retainedPercent !== null);
  if (measured.length === 0) return suites[0]?.suiteId ?? null;
  return measured.reduce((a, b) => (Number(b.retainedPercent) < Number(a.retainedPercent) ? b : a)).suiteId;
}

export function recommendationScenario(choice: RecommendationChoice): ScenarioInput {
  const suiteId = decidingSuite(choice.suites);
  const move = `${choice.requestedModel} to ${choice.candidate}`;
  return {
    name: `${move} in ${choice.projectName} (recommendation)`.slice(0, MAX_NAME),
    range: { from: choice.range.from, to: choice.range.to },
    rules: [{
      name: `${choice.projectName}: ${move}`.slice(0, MAX_RULE_NAME),
      match: { projectIds: [choice.projectId], requestedModels: [choice.requestedModel] },
      sharePercent: 100,
      target: { model: choice.candidate },
      ...(suiteId ? { suiteId } : {}),
    }],
  };
}
