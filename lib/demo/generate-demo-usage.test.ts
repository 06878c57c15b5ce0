import { describe, expect, it } from "vitest";
import { generateDemoUsage } from "./generate-demo-usage";
import { usageEventSchema } from "../usage/usage-event-schema";

const projects = [{ projectId: "p", slug: "p", apiKeyId: "k", peakRequestsPerHour: 10, models: [{ alias: "m", weight: 1 }], tags: ["a"], meanInputTokens: 100, meanOutputTokens: 10, cachedShare: 0 }];
const run = () => [...generateDemoUsage({ orgId: "o", projects, prices: new Map(), endHour: new Date("2026-11-23T00:00:00Z"), days: 3 })];

describe("generateDemoUsage", () => {
  it("is deterministic for the same seed and end hour", () => {
    expect(run()).toEqual(run());
  });
  it("produces valid events, unpriced (null cost) when no price is known", () => {
    const events = run();
    expect(events.length).toBeGreaterThan(50);
    for (const e of events) expect(usageEventSchema.safeParse(e).success).toBe(true);
    expect(events.every((e) => e.costUsd === null)).toBe(true);
  });
});
