import { describe, expect, it } from "vitest";
import type { SimulationDetails } from "../io/describe-simulation";
import { scenarioSchema } from "../scenario-schema";
import { breakdownRows, dailyCostPoints, latencyDeltaText, latencyView, provenanceText, qualityDeltaText, qualityView, ruleRows, savingOf, savingShare } from "./read-scenario-result";

describe("saving", () => {
  it("is exact, in dollars and in percent of the baseline", () => {
    expect(savingOf("63.665483335", "54.916158050")).toEqual({ usd: "8.749325285", percent: "13.7" });
    expect(savingOf("1.000000000", "1.250000000")).toEqual({ usd: "-0.250000000", percent: "-25.0" });
    expect(savingOf("0", "0")).toEqual({ usd: "0.000000000", percent: null });
    expect(savingShare("4", "3")).toBe("0.250000");
    expect(savingShare("0", "3")).toBeNull();
  });
});

describe("quality and latency", () => {
  it("say unmeasured, never equal", () => {
    expect(qualityDeltaText(null)).toBe("unmeasured");
    expect(qualityDeltaText("0")).toBe("unchanged");
    expect(qualityDeltaText("-0.0525")).toBe("-5.2 pts");
    expect(qualityDeltaText("0.0100")).toBe("+1.0 pts");
    expect(latencyDeltaText(null)).toBe("unmeasured");
    expect(latencyDeltaText(1200)).toBe("+1,200 ms");
    expect(qualityView({ status: "unmeasured", rules: [0] }).kind).toBe("unmeasured");
    expect(qualityView({ status: "unmeasured", rule: 0, suiteId: null, requests: 3, models: [], reason: "no-suite", unmeasuredModels: [] }).text).toBe("unmeasured: the rule names no benchmark suite");
    const measured = qualityView({ status: "measured", requests: 10, before: { passRate: 0.9, low: 0.8, high: 0.95 }, after: { passRate: 0.855, low: 0.7, high: 0.9 }, retained: 0.95 });
    expect(measured).toMatchObject({ kind: "measured", before: "90.0%", after: "85.5%", retained: "95.0%" });
    expect(latencyView({ before: { p95Ms: 800.4 }, after: null })).toMatchObject({ before: 800, after: null, delta: null, text: "800 ms → unmeasured" });
  });
  it("name where a token ratio came from", () => {
    expect(provenanceText({ kind: "default", sourceFamily: "anthropic", targetFamily: "openai", note: "" })).toBe("default anthropic → openai family ratio");
    expect(provenanceText({ kind: "measured", suiteId: "s1", cases: 12, sourceRunIds: [], targetRunIds: [] })).toBe("measured on suite s1 (12 cases)");
  });
});

describe("per-rule rows", () => {
  const scenario = scenarioSchema.parse({
    name: "S", range: { from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z" },
    rules: [
      { name: "Premium", match: { tiers: ["premium"] }, sharePercent: 60, target: { model: "gpt-5-mini" } },
      { sharePercent: 100, target: { cheapestWhere: { suiteId: "s1", minPassRate: 0.8, maxP95TtftMs: 1500 } } },
    ],
  });
  const figures = (requests: number, moved: number, base: string, sim: string) => ({ requests, movedRequests: moved, baselineNano: base, simulatedNano: sim, lowNano: sim, highNano: sim });
  const details = {
    targets: [
      { rule: 0, target: "gpt-5-mini", choice: null },
      { rule: 1, target: null, choice: { kind: "no-candidate", reason: "no model met every bar", candidates: [{ model: "gpt-5-nano", passRate: 0.5, graded: 10, p95TtftMs: 300, costNano: null, excluded: "below-pass-rate" }] } },
    ],
    cost: { byRule: [{ key: 0, ...figures(10, 6, "1500000000", "900000000") }, { key: 1, ...figures(4, 0, "20", "20") }, { key: null, ...figures(2, 0, "7", "7") }] },
    quality: { byRule: [{ rule: 0, suiteId: null, requests: 10, models: [], status: "unmeasured", reason: "no-suite", unmeasuredModels: [] }] },
    latency: { byRule: [{ rule: 0, samples: 10, before: { p50Ms: 1, p95Ms: 900 }, after: { p50Ms: 1, p95Ms: 700 }, unmeasuredModels: [], observedModels: [] }] },
  } as unknown as SimulationDetails;

  it("one per rule in order, then what no rule matched; money exact", () => {
    const rows = ruleRows(details, scenario);
    expect(rows.map((r) => [r.label, r.requests, r.movedRequests, r.baselineUsd, r.simulatedUsd, r.target])).toEqual([
      ["Premium", 10, 6, "1.500000000", "0.900000000", "gpt-5-mini"],
      ["Rule 2", 4, 0, "0.000000020", "0.000000020", "nothing moves"],
      ["No rule matched", 2, 0, "0.000000007", "0.000000007", "stays"],
    ]);
    expect(rows[0]!.why).toBe("named in the rule");
    expect(rows[1]!.why).toBe("no candidate qualified (no model met every bar); gpt-5-nano: pass rate below the minimum");
    expect(rows[0]!.latency.text).toBe("900 ms → 700 ms");
    expect(rows[0]!.quality.kind).toBe("unmeasured");
  });
});

describe("per-day points and breakdowns", () => {
  const figures = (key: string | null, requests: number, base: string, sim: string, low = sim, high = sim) => ({ key, requests, movedRequests: requests, baselineNano: base, simulatedNano: sim, lowNano: low, highNano: high });

  it("every org-local day of the range, in order, zero where there was no traffic", () => {
    // 2026-03-01T05:00Z to 2026-03-04T05:00Z is 1-3 March in New York (UTC-5), its last hour on the 3rd.
    const details = {
      traffic: { from: "2026-03-01T05:00:00.000Z", to: "2026-03-04T05:00:00.000Z" },
      cost: { byDay: [figures("2026-03-03", 2, "2500000000", "1000000000", "900000000", "1200000000")] },
    } as unknown as SimulationDetails;
    const points = dailyCostPoints(details, "America/New_York");
    expect(points.map((p) => p.day)).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    expect(points[0]).toMatchObject({ baselineUsd: "0.000000000", simulatedUsd: "0.000000000", baseline: 0, band: [0, 0] });
    expect(points[2]).toMatchObject({ label: "03-03", baselineUsd: "2.500000000", simulatedUsd: "1.000000000", baseline: 2.5, simulated: 1, band: [0.9, 1.2] });
  });

  it("breakdown rows: largest baseline first, exact saving and its share, keys named", () => {
    const rows = breakdownRows([figures("p1", 3, "1000000000", "400000000"), figures("p2", 5, "3000000001", "3000000001"), figures(null, 1, "0", "0")], (k) => (k === "p1" ? "Support" : k ?? "no project"));
    expect(rows.map((r) => [r.name, r.before, r.after, r.saving, r.savingShare])).toEqual([
      ["p2", "3.000000001", "3.000000001", "0.000000000", "0.000000"],
      ["Support", "1.000000000", "0.400000000", "0.600000000", "0.600000"],
      ["no project", "0.000000000", "0.000000000", "0.000000000", null],
    ]);
  });
});
