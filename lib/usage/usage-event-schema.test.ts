import { describe, expect, it } from "vitest";
import { ingestRow } from "./record-usage-batch";
import { usageEventSchema } from "./usage-event-schema";

const event = {
  requestId: "req_1", occurredAt: "2026-12-07T06:00:00.000Z", orgId: "org_1", projectId: "proj_1",
  endpoint: "chat.completions", requestedModel: "gpt-5-mini", servedModel: "gpt-5-mini",
  costUsd: "0.000001", latencyMs: 3, status: "ok", httpStatus: 200,
};

describe("usageEventSchema's routing record", () => {
  it("takes a JSON object as it is, without copying it", () => {
    const routing = { v: 1, ruleId: "default-split", cache: { status: "hit", savedCostUsd: "0.01" }, skipped: [{ model: "gpt-5-nano" }] };
    const parsed = usageEventSchema.parse({ ...event, routing });
    expect(parsed.routing).toBe(routing);
    expect(parsed.routing).toEqual({ v: 1, ruleId: "default-split", cache: { status: "hit", savedCostUsd: "0.01" }, skipped: [{ model: "gpt-5-nano" }] });
  });

  it("defaults to null when absent and keeps an explicit null", () => {
    expect(usageEventSchema.parse(event).routing).toBeNull();
    expect(usageEventSchema.parse({ ...event, routing: null }).routing).toBeNull();
  });

  it.each([["an array", [1, 2]], ["a string", "split"], ["a number", 1]])("refuses %s, naming the field", (_name, routing) => {
    const result = usageEventSchema.safeParse({ ...event, routing });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["routing"]);
  });
});

describe("ingestRow", () => {
  it("carries every field of the schema but routing, which becomes routingRef", () => {
    const parsed = usageEventSchema.parse({ ...event, routing: { v: 1 } });
    const row = ingestRow(parsed, 3);
    const expected = Object.keys(usageEventSchema.shape).filter((k) => k !== "routing");
    expect(Object.keys(row).sort()).toEqual([...expected, "routingRef"].sort());
    for (const key of expected) expect(row[key as keyof typeof row]).toEqual(parsed[key as keyof typeof parsed]);
    expect(row.routingRef).toBe(3);
  });
});
