import { describe, expect, it } from "vitest";
import { definitionsForRun, METRIC_DEFINITIONS } from "./metric-definitions";

describe("METRIC_DEFINITIONS", () => {
  it("names vLLM's metrics, each with a label, unit and formula, and is stored as plain JSON", () => {
    const labels = Object.values(METRIC_DEFINITIONS).map((d) => d.label).join(" | ");
    for (const name of ["TTFT", "TPOT", "ITL", "E2EL", "Output token throughput", "Request throughput", "Goodput", "Wilson"]) expect(labels).toContain(name);
    for (const d of Object.values(METRIC_DEFINITIONS)) {
      expect(d.label.length && d.unit.length && d.formula.length).toBeGreaterThan(0);
    }
    expect(METRIC_DEFINITIONS.tpot.formula).toContain("(E2EL - TTFT) / (output tokens - 1)");
    const stored = definitionsForRun();
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    expect(stored.version).toBe(1);
  });
});
