import { describe, expect, it } from "vitest";
import { decidingSuite, recommendationScenario } from "./recommendation-scenario";
import { scenarioSchema } from "./scenario-schema";

const choice = {
  projectId: "p1", projectName: "Support Copilot", requestedModel: "claude-sonnet-4.5", candidate: "gpt-5-mini",
  suites: [{ suiteId: "s-a", retainedPercent: "99.00" }, { suiteId: "s-b", retainedPercent: "96.50" }],
  range: { from: "2026-03-01T00:00:00.000Z", to: "2026-03-31T00:00:00.000Z" },
};

describe("recommendationScenario", () => {
  it("is one rule moving the project's requests for the model to the candidate, judged on the deciding suite, and a valid scenario", () => {
    const s = recommendationScenario(choice);
    expect(s).toEqual({
      name: "claude-sonnet-4.5 to gpt-5-mini in Support Copilot (recommendation)",
      range: choice.range,
      rules: [{ name: "Support Copilot: claude-sonnet-4.5 to gpt-5-mini", match: { projectIds: ["p1"], requestedModels: ["claude-sonnet-4.5"] }, sharePercent: 100, target: { model: "gpt-5-mini" }, suiteId: "s-b" }],
    });
    expect(scenarioSchema.safeParse(s).success).toBe(true);
  });

  it("keeps names within the schema's limits", () => {
    const s = recommendationScenario({ ...choice, projectName: "x".repeat(300) });
    expect(scenarioSchema.safeParse(s).success).toBe(true);
  });

  it("picks the suite that kept the least, else the first compared, else none", () => {
    expect(decidingSuite([{ suiteId: "a", retainedPercent: null }, { suiteId: "b", retainedPercent: "100.00" }])).toBe("b");
    expect(decidingSuite([{ suiteId: "a", retainedPercent: null }])).toBe("a");
    expect(decidingSuite([])).toBeNull();
    expect(recommendationScenario({ ...choice, suites: [] }).rules[0]).not.toHaveProperty("suiteId");
  });
});
