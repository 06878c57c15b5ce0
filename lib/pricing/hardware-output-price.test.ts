import { describe, expect, it } from "vitest";
import { hardwareOutputPricePerMTok } from "./hardware-output-price";

describe("hardwareOutputPricePerMTok", () => {
  it("divides the hourly cost by the millions of tokens an hour makes, then by the utilisation", () => {
    // $0.20/h, 500 tokens/s = 1.8M tokens/h -> $0.1111.../1M, at 50% busy -> $0.2222...
    expect(hardwareOutputPricePerMTok("0.20", 500, "0.5")).toBe("0.222223");
    // $3.60/h at 1,000 tokens/s fully used: exactly $1 per 1M.
    expect(hardwareOutputPricePerMTok("3.6", "1000", "1")).toBe("1.000000");
    expect(hardwareOutputPricePerMTok("0", 10, "1")).toBe("0.000000");
  });
  it("rounds up at the sixth decimal, never down", () => {
    expect(hardwareOutputPricePerMTok("0.000001", 1_000_000, "1")).toBe("0.000001");
  });
  it("refuses a rate or utilisation that would divide by nothing", () => {
    expect(() => hardwareOutputPricePerMTok("1", 0, "1")).toThrow(/tokens per second/);
    expect(() => hardwareOutputPricePerMTok("1", 10, "0")).toThrow(/utilisation/);
    expect(() => hardwareOutputPricePerMTok("1", 10, "1.5")).toThrow(/utilisation/);
    expect(() => hardwareOutputPricePerMTok("-1", 10, "1")).toThrow(/hourly/);
  });
});
