import { describe, expect, it } from "vitest";
import { budgetInputSchema } from "../budgets/budget-schemas";
import { createModelSchema } from "../catalog/model-schemas";
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

  it("puts an issue on a nested body path under the field mapped to it", async () => {
    type M = { alias: string; upstreamModel: string; output: string };
    const toModel = (v: M) => ({ alias: v.alias, deployments: [{ providerId: "p1", upstreamModel: v.upstreamModel }], price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "1", output: v.output } });
    const model = resolveWithApiSchema(createModelSchema, toModel, { "deployments.0.upstreamModel": "upstreamModel", "price.output": "output" });
    const result = await model({ alias: "m", upstreamModel: "", output: "2.1234567" }, undefined, { fields: {}, shouldUseNativeValidation: false });
    expect(result.errors.upstreamModel?.message).toBeTruthy();
    expect(result.errors.output?.message).toMatch(/decimal string/);
    expect(result.errors.root).toBeUndefined();
  });
});
