import { describe, expect, it } from "vitest";
import { formatResetDuration, rateLimitHeaders } from "./rate-limit-headers";

describe("rate-limit headers", () => {
  it("formats reset times the way OpenAI does", () => {
    expect(formatResetDuration(1500)).toBe("1.5s");
    expect(formatResetDuration(20)).toBe("0.02s");
    expect(formatResetDuration(61_000)).toBe("1m1s");
  });

  it("reports requests and tokens only for the limits that exist", () => {
    expect(rateLimitHeaders([60, 59, 1000, -1, -1, 0])).toEqual({
      "x-ratelimit-limit-requests": "60", "x-ratelimit-remaining-requests": "59", "x-ratelimit-reset-requests": "1s",
    });
    expect(Object.keys(rateLimitHeaders([-1, -1, 0, 1000, 400, 36_000]))).toEqual(["x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"]);
  });
});
