import { describe, expect, it } from "vitest";
import { MIN_JUDGED_REQUESTS, predictionChecks, trackRecord } from "./prediction-error";

describe("prediction checks", () => {
  it("error is observed minus predicted in points, exact; sides without requests or a predicted share are not kept", () => {
    expect(predictionChecks([
      { side: "shadowed", requests: 250, predictedSavingPercent: "42.10", observedSavingPercent: "38.05" },
      { side: "enforced", requests: 0, predictedSavingPercent: "42.10", observedSavingPercent: null },
    ])).toEqual([{ side: "shadowed", requests: 250, predictedSavingPercent: "42.10", observedSavingPercent: "38.05", errorPoints: "-4.05" }]);
    expect(predictionChecks([{ side: "enforced", requests: 10, predictedSavingPercent: null, observedSavingPercent: "3.00" }])).toEqual([]);
    expect(predictionChecks([{ side: "enforced", requests: 10, predictedSavingPercent: "3", observedSavingPercent: null }])[0]).toMatchObject({ predictedSavingPercent: "3.00", observedSavingPercent: null, errorPoints: null });
  });
});

describe("track record", () => {
  it("medians of the judged checks (absolute and signed); too few requests or nothing observed are not judged", () => {
    const enough = MIN_JUDGED_REQUESTS;
    expect(trackRecord([
      { requests: enough, errorPoints: "-4.00" },
      { requests: enough * 3, errorPoints: "2.00" },
      { requests: enough, errorPoints: "-10.00" },
      { requests: enough, errorPoints: "1.00" },
      { requests: enough - 1, errorPoints: "-50.00" },
      { requests: enough * 9, errorPoints: null },
    ])).toEqual({ judged: 4, notJudged: 2, medianAbsErrorPoints: "3.00", medianErrorPoints: "-1.50" });
  });

  it("nothing judged: no medians, never 0", () => {
    expect(trackRecord([{ requests: 3, errorPoints: "1.00" }])).toEqual({ judged: 0, notJudged: 1, medianAbsErrorPoints: null, medianErrorPoints: null });
    expect(trackRecord([])).toEqual({ judged: 0, notJudged: 0, medianAbsErrorPoints: null, medianErrorPoints: null });
  });
});
