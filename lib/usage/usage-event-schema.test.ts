import { describe, expect, it } from "vitest";
import { INGEST_COLUMNS, ingestParameters } from "./record-usage-batch";
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

describe("the ingest statement's columns", () => {
  it("carry every field of the schema but routing (sent as routingRef), each the parsed event's own value", () => {
    const parsed = usageEventSchema.parse({ ...event, routing: { v: 1 }, tags: ["team:a"], endUser: "u-1", ttftMs: 4 });
    const expected = Object.keys(usageEventSchema.shape).filter((k) => k !== "routing");
    expect(INGEST_COLUMNS.map((c) => c.name).sort()).toEqual(expected.sort());
    for (const c of INGEST_COLUMNS) expect(c.value(parsed)).toEqual(parsed[c.name as keyof typeof parsed]);
  });

  it("send one array literal per column, quoting text, and each distinct routing record once", () => {
    const a = usageEventSchema.parse({ ...event, requestId: "req_a", routing: { v: 1, ruleId: "split" }, tags: ["team:a", 'say "hi", {ok}'], endUser: "back\\slash" });
    const b = usageEventSchema.parse({ ...event, requestId: "req_b", costUsd: null, tier: "economy" });
    const c = usageEventSchema.parse({ ...event, requestId: "req_c", routing: { v: 1, ruleId: "split" }, streamed: true, ttftMs: 7 });
    const { columns, routingRefs, routings } = ingestParameters([a, b, c]);
    const column = (name: string) => columns[INGEST_COLUMNS.findIndex((col) => col.name === name)];
    expect(column("requestId")).toBe('{"req_a","req_b","req_c"}');
    expect(column("costUsd")).toBe('{"0.000001",NULL,"0.000001"}');
    expect(column("tier")).toBe('{NULL,"economy",NULL}');
    expect(column("ttftMs")).toBe("{NULL,NULL,7}");
    expect(column("streamed")).toBe("{f,f,t}");
    expect(column("endUser")).toBe('{"back\\\\slash",NULL,NULL}');
    // A row's tags are the text of their own literal, escaped again as an element of the column's.
    expect(column("tags")).toBe(String.raw`{"{\"team:a\",\"say \\\"hi\\\", {ok}\"}",NULL,NULL}`);
    expect(routingRefs).toBe("{0,NULL,0}");
    expect(JSON.parse(routings)).toEqual([{ v: 1, ruleId: "split" }]);
  });
});
