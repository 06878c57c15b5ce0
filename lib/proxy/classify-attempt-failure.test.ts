import { describe, expect, it } from "vitest";
import { classifyAttemptFailure, MAX_COOLDOWN_MS, parseRetryAfterMs } from "./classify-attempt-failure";

const status = (s: number, extra: { retryAfterMs?: number | null; errorCode?: string | null; message?: string | null } = {}) =>
  classifyAttemptFailure({ kind: "status", status: s, retryAfterMs: extra.retryAfterMs ?? null, errorCode: extra.errorCode ?? null, message: extra.message ?? null });

describe("classifyAttemptFailure", () => {
  it("fails over on connection errors, 5xx, 429 and a refused credential", () => {
    expect(classifyAttemptFailure({ kind: "network", code: "upstream_unavailable" }).failover).toBe(true);
    for (const s of [500, 502, 503, 504, 429, 401, 403]) expect(status(s).failover, String(s)).toBe(true);
  });

  it("never on the caller's own 4xx", () => {
    for (const s of [400, 404, 409, 413, 422]) expect(status(s), String(s)).toEqual({ failover: false, needsLargerContext: false, cooldownMs: 0, unhealthy: false });
  });

  it("on a context-length error, only to a larger model, without cooling the deployment down", () => {
    expect(status(400, { errorCode: "context_length_exceeded" })).toEqual({ failover: true, needsLargerContext: true, cooldownMs: 0, unhealthy: false });
    expect(status(400, { message: "This model's maximum context length is 8192 tokens" }).needsLargerContext).toBe(true);
    expect(status(413, { message: "prompt is too long: 210000 tokens > 200000 maximum" }).needsLargerContext).toBe(true);
  });

  it("counts 5xx and connection errors toward passive health; a 429 or a refused credential cools down at once", () => {
    expect(status(500)).toMatchObject({ cooldownMs: 0, unhealthy: true });
    expect(classifyAttemptFailure({ kind: "network", code: "upstream_timeout" })).toMatchObject({ cooldownMs: 0, unhealthy: true });
    expect(status(401)).toMatchObject({ unhealthy: false });
    expect(status(401).cooldownMs).toBeGreaterThan(0);
  });

  it("cools a 429 down for as long as its retry-after asks, bounded", () => {
    expect(status(429, { retryAfterMs: 12_000 }).cooldownMs).toBe(12_000);
    expect(status(429, { retryAfterMs: 1e300 }).cooldownMs).toBe(MAX_COOLDOWN_MS);
    expect(status(429, { retryAfterMs: -5 }).cooldownMs).toBe(0);
    expect(status(429).cooldownMs).toBeGreaterThan(0);
  });
});

describe("parseRetryAfterMs", () => {
  const now = Date.parse("2026-12-01T00:00:00Z");
  it("reads retry-after-ms first, then seconds, then an HTTP date", () => {
    expect(parseRetryAfterMs({ "retry-after-ms": "250", "retry-after": "9" }, now)).toBe(250);
    expect(parseRetryAfterMs({ "retry-after": "2" }, now)).toBe(2000);
    expect(parseRetryAfterMs({ "retry-after": "Tue, 01 Dec 2026 00:00:30 GMT" }, now)).toBe(30_000);
  });
  it("ignores what it cannot read", () => {
    expect(parseRetryAfterMs({}, now)).toBeNull();
    expect(parseRetryAfterMs({ "retry-after": "soon" }, now)).toBeNull();
    expect(parseRetryAfterMs({ "retry-after-ms": "-1" }, now)).toBeNull();
  });
});
