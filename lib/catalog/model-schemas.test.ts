import { describe, expect, it } from "vitest";
import { createModelSchema, updateModelSchema } from "./model-schemas";

const create = (deployment: Record<string, unknown>) => createModelSchema.safeParse({ alias: "local-x", deployments: [{ providerId: "p", upstreamModel: "m", ...deployment }] });
const issue = (r: ReturnType<typeof create>) => (r.success ? null : { path: r.error.issues[0]!.path.join("."), message: r.error.issues[0]!.message });

describe("hardware pricing fields", () => {
  it("takes decimal strings for $/h and a utilisation in (0, 1]", () => {
    for (const [h, u] of [["0.20", "0.5"], ["12345678.123456", "1"], ["0", "0.0001"], ["1.5", "1.0000"]]) {
      expect(create({ hourlyCostUsd: h, expectedUtilisation: u }).success).toBe(true);
    }
    expect(create({ hourlyCostUsd: "0.2" }).success).toBe(true);
    expect(create({}).success).toBe(true);
  });

  it("refuses floats, negatives, too many decimals and utilisation outside (0, 1], naming the field", () => {
    expect(issue(create({ hourlyCostUsd: 0.2 }))).toMatchObject({ path: "deployments.0.hourlyCostUsd" });
    for (const bad of ["-1", "0.1234567", "1e3", "123456789", " 1", ""]) expect(issue(create({ hourlyCostUsd: bad }))?.path).toBe("deployments.0.hourlyCostUsd");
    for (const bad of ["0", "0.0", "0.0000", "1.5", "1.0001", "0.00001", "-0.5", "50%", "2"]) {
      expect(issue(create({ hourlyCostUsd: "1", expectedUtilisation: bad }))?.path).toBe("deployments.0.expectedUtilisation");
    }
    expect(issue(create({ expectedUtilisation: "0.5" }))).toMatchObject({ path: "deployments.0.expectedUtilisation", message: expect.stringMatching(/needs hourlyCostUsd/) });
  });

  it("an update names deployments by id, once each; null clears", () => {
    expect(updateModelSchema.parse({ deployments: [{ id: "d1", hourlyCostUsd: null }] })).toEqual({ deployments: [{ id: "d1", hourlyCostUsd: null }] });
    expect(updateModelSchema.safeParse({ deployments: [{ id: "d1" }, { id: "d1" }] }).success).toBe(false);
    expect(updateModelSchema.safeParse({ deployments: [{ id: "d1", expectedUtilisation: "0" }] }).success).toBe(false);
  });
});
