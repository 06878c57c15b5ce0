import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readUsageEvent, wellFormedUsageEvent } from "./read-usage-event";
import { usageEventSchema } from "./usage-event-schema";

// An event as the proxy writes it (lib/proxy/settle-usage.ts): every field present.
const proxyEvent = {
  requestId: "req_0123456789abcdef", attempt: 0, occurredAt: "2026-12-07T23:30:00.125Z", orgId: "org_1", projectId: "proj_1", apiKeyId: "key_1",
  endpoint: "/v1/chat/completions", requestedModel: "gpt-5-mini", servedModel: "gpt-5-nano", deploymentId: "dep_1", tier: "economy",
  inputTokens: 12, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 20, reasoningTokens: 0, costUsd: "0.000043000", priceId: "price_1",
  usageSource: "reported", latencyMs: 3, ttftMs: null, status: "ok", httpStatus: 200, errorClass: null, tags: ["team:a", "env:prod"], endUser: "u-7",
  streamed: true, routing: { v: 1, ruleId: "default-split" },
};

// Values a field may take, right or wrong: the check must never accept what zod refuses, nor output anything else.
const anyValue = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.boolean(), fc.string({ maxLength: 8 }), fc.string({ minLength: 99, maxLength: 102 }),
  fc.integer({ min: -5, max: 700 }), fc.constantFrom(0.5, -1, 1e300, Number.NaN, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
  fc.constantFrom("ok", "rejected", "premium", "economy", "estimated", "reported", "0.1", "-3", "1e5", ".5", "12.", "x\u0000y", "\ud800", "a".repeat(300)),
  fc.constantFrom("2026-12-07T23:30:00.125Z", "2026-02-30T00:00:00.000Z", "2026-12-07T23:30:00Z", "2026-12-07T23:30:00.125+01:00", "2026-13-01T00:00:00.000Z", "2024-02-29T24:00:00.000Z"),
  fc.array(fc.string({ maxLength: 70 }), { maxLength: 22 }), fc.constantFrom(Array(20).fill("t"), Array(21).fill("t"), ["t", ""]), fc.constant([1, 2]), fc.constant({ v: 1 }),
);

const mutated = fc.record({
  drop: fc.subarray(Object.keys(proxyEvent), { maxLength: 4 }),
  set: fc.dictionary(fc.constantFrom(...Object.keys(proxyEvent), "unknownField"), anyValue, { maxKeys: 3 }),
}).map(({ drop, set }) => {
  const event: Record<string, unknown> = { ...proxyEvent };
  for (const k of drop) delete event[k];
  return Object.assign(event, set);
});

describe("readUsageEvent", () => {
  it("reads the proxy's events directly, with exactly what the schema outputs", () => {
    const direct = wellFormedUsageEvent(JSON.parse(JSON.stringify(proxyEvent)));
    expect(direct).not.toBeNull();
    expect(direct).toEqual(usageEventSchema.parse(proxyEvent));
  });

  it("never accepts more than the schema, and outputs what it outputs (generated events, wrong fields included)", () => {
    let direct = 0;
    fc.assert(fc.property(mutated, (event) => {
      const zod = usageEventSchema.safeParse(event);
      const fast = wellFormedUsageEvent(event);
      if (fast === null) return;
      direct++;
      expect(zod.success).toBe(true);
      expect(fast).toEqual(zod.data);
    }), { numRuns: 3000 });
    // The property must have compared something: many of these events are well formed.
    expect(direct).toBeGreaterThan(300);
  });

  // Each limit of the schema, on both sides: the generated events above reach them only by chance.
  it.each([
    ["tags", Array(20).fill("t")], ["tags", Array(21).fill("t")], ["tags", ["t", ""]], ["requestId", "r".repeat(100)], ["requestId", "r".repeat(101)], ["requestId", ""],
    ["httpStatus", 100], ["httpStatus", 599], ["httpStatus", 99], ["httpStatus", 600], ["latencyMs", -1], ["latencyMs", 0], ["latencyMs", 1.5], ["attempt", 2 ** 53],
    ["inputTokens", null], ["costUsd", undefined], ["costUsd", "1e5"], ["costUsd", "-0.5"], ["tier", "basic"], ["tier", null], ["usageSource", null], ["status", "fine"],
    ["streamed", null], ["routing", [1]], ["routing", null], ["apiKeyId", ""], ["deploymentId", ""], ["errorClass", ""], ["orgId", ""], ["endpoint", ""],
    ["occurredAt", "2024-02-29T23:59:59.999Z"], ["occurredAt", "2023-02-29T00:00:00.000Z"], ["occurredAt", "2026-12-07T24:00:00.000Z"], ["occurredAt", "+012026-12-07T00:00:00.000Z"],
  ])("agrees with the schema at its limits: %s = %j", (field, value) => {
    const event = { ...proxyEvent, [field]: value };
    const zod = usageEventSchema.safeParse(event);
    const fast = wellFormedUsageEvent(event);
    if (!zod.success) expect(fast).toBeNull();
    else if (fast !== null) expect(fast).toEqual(zod.data);
  });

  it("leaves to zod what the direct check is unsure of, and keeps zod's verdict and messages", () => {
    // Another offset: valid for the schema, not the proxy's own format.
    const offset = readUsageEvent({ ...proxyEvent, occurredAt: "2026-12-07T23:30:00+01:00" });
    expect(wellFormedUsageEvent({ ...proxyEvent, occurredAt: "2026-12-07T23:30:00+01:00" })).toBeNull();
    expect(offset).toEqual({ success: true, data: usageEventSchema.parse({ ...proxyEvent, occurredAt: "2026-12-07T23:30:00+01:00" }) });
    const wrong = readUsageEvent({ ...proxyEvent, costUsd: 0.1, httpStatus: 700 });
    expect(wrong.success).toBe(false);
    expect(!wrong.success && wrong.issues).toMatch(/^costUsd: .*; httpStatus: /);
    expect(readUsageEvent("not an event")).toMatchObject({ success: false });
  });

  it("makes client text storable as the schema does (NUL, lone surrogates, lengths)", () => {
    const odd = { ...proxyEvent, endUser: `a\u0000b\ud800${"x".repeat(300)}`, tags: ["t\u0000"], errorClass: "e".repeat(150) };
    const read = readUsageEvent(odd);
    expect(read).toEqual({ success: true, data: usageEventSchema.parse(odd) });
    expect(read.success && read.data.endUser).toHaveLength(256);
    expect(read.success && read.data.tags).toEqual(["t\uFFFD"]);
  });
});
