import { describe, expect, it } from "vitest";
import { budgetInputSchema } from "../budgets/budget-schemas";
import { resolveWithApiSchema } from "./resolve-with-api-schema";

type Form = { name: string; scope: string; projectId: string; period: string; amountUsd: string; thresholds: string };
const toBody = (v: Form) => ({ ...v, projectId: v.projectId || null, thresholds: v.thresholds.split(/[,\s]+/).filter(Boolean).map(Number) });
const resolver = resolveWithApiSchema(budgetInputSchema, toBody);
const run = (v: Form) => resolver(v, undefined, { fields: {}, shouldUseNativeValidation: false });
const valid: Form = { name: "Cap", scope: "project", projectId: "p1", period: "month", amountUsd: "20", thresholds: "80, 100" };

describe("resolveWithApiSchema", () => {
  it("returns the API body, parsed by the API's schema, when the fields are valid", async () => {
    const result = await run(valid);
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ amountUsd: "20", thresholds: [80, 100], mode: "hard", channelIds: [] });
  });

  it("puts the schema's message under the field, including refinements and array items", async () => {
    const result = await run({ ...valid, amountUsd: "abc", thresholds: "80, x" });
    expect(result.values).toEqual({});
    expect(result.errors.amountUsd?.message).toMatch(/USD amount/);
    expect(result.errors.thresholds?.message).toBeTruthy();
    // The schema's cross-field rules run once the fields themselves parse.
    expect((await run({ ...valid, projectId: "" })).errors.projectId?.message).toBe("a project budget needs projectId");
  });

  it("sends an issue on a body field the form does not have to root, naming the path", async () => {
    const result = await resolveWithApiSchema(budgetInputSchema, (v: { name: string }) => ({ ...valid, ...v, period: "year" }))({ name: "x" }, undefined, { fields: {}, shouldUseNativeValidation: false });
    expect(result.errors.root?.message).toMatch(/^period: /);
  });
});
