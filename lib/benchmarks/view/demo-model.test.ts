import { describe, expect, it } from "vitest";
import { DEMO_LOCAL_MODEL } from "@/lib/demo/ensure-demo-local-model";
import { DEMO_TINY_MODEL_ALIAS, isDemoTinyModel } from "./demo-model";

// The view keeps its own copy (it must not import server modules into client bundles): the two must agree.
describe("demo tiny model", () => {
  it("is the alias the demo registers", () => {
    expect(DEMO_TINY_MODEL_ALIAS).toBe(DEMO_LOCAL_MODEL.alias);
    expect(isDemoTinyModel("local-tiny")).toBe(true);
    expect(isDemoTinyModel("gpt-5-mini")).toBe(false);
  });
});
