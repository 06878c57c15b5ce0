import { describe, expect, it } from "vitest";
import { FOLDED } from "./fold-dimensions";
import { largestObservedInput, scopeComparison, sizeFit, type ScopeModelFacts } from "./scope-comparison";
import { cell } from "@/tests/support/whatif-fixtures";

const facts = (over: Partial<ScopeModelFacts>): ScopeModelFacts => ({
  alias: "m", displayName: null, contextWindow: 128_000, modalities: ["text"], isLocal: false, provider: "openai", hourlyCostUsd: null,
  price: { inputPerMTok: "0.25", cachedInputPerMTok: "0.025", outputPerMTok: "2" }, ...over,
});

describe("largestObservedInput", () => {
  it("is the upper bound of the highest band seen, and says it comes from a band", () => {
    expect(largestObservedInput([cell({ inputBand: "0-512" }), cell({ inputBand: "2k-8k" }), cell({ inputBand: "512-2k" })])).toEqual({ band: "2k-8k", atLeast: 2048, below: 8192, source: "input-size band" });
    expect(largestObservedInput([cell({ inputBand: "32k+" })])).toMatchObject({ atLeast: 32_768, below: null });
    expect(largestObservedInput([cell({ inputBand: FOLDED })])).toBeNull();
    expect(largestObservedInput([])).toBeNull();
  });
});

describe("sizeFit", () => {
  const band = largestObservedInput([cell({ inputBand: "2k-8k" })]);
  it("fits when the window holds the band's bound, may not when it falls inside, does not below its start", () => {
    expect(sizeFit(8192, band).fit).toBe("fits");
    expect(sizeFit(4096, band).fit).toBe("may-not-fit");
    expect(sizeFit(2047, band).fit).toBe("does-not-fit");
    expect(sizeFit(4096, band).note).toContain("2,048-8,191 tokens");
  });
  it("is unknown without a window or an observed size; the open top band never certainly fits", () => {
    expect(sizeFit(null, band).fit).toBe("unknown");
    expect(sizeFit(8192, null).fit).toBe("unknown");
    const top = largestObservedInput([cell({ inputBand: "32k+" })]);
    expect(sizeFit(1_000_000, top).fit).toBe("may-not-fit");
    expect(sizeFit(16_000, top).fit).toBe("does-not-fit");
  });
});

describe("scopeComparison", () => {
  const quality = new Map([["s1", new Map([["a", { passed: 9, graded: 10, runIds: ["r1"] }]])], ["s0", new Map([["a", { passed: 1, graded: 4, runIds: ["r0"] }]])]]);
  const latency = new Map([["a", { ttftMs: [100, 200, 300, 400, 500], outputTokensPerSec: [10, 30, 20], runIds: ["r1"] }]]);
  it("reads each SCOPE part from the catalog and the measurements, unmeasured and unknown where nothing says", () => {
    const [a, b] = scopeComparison(
      [facts({ alias: "a", modalities: ["text", "image"] }), facts({ alias: "b", isLocal: true, provider: "llamacpp", hourlyCostUsd: "0.20", contextWindow: 4096, price: null })],
      quality, latency, largestObservedInput([cell({ inputBand: "2k-8k" })]),
    );
    expect(a).toMatchObject({
      size: { contextWindow: 128_000, fit: "fits" },
      cost: { inputPerMTok: "0.25", outputPerMTok: "2" },
      operational: { where: "cloud", provider: "openai", hourlyCostUsd: null },
      performance: { suites: [{ suiteId: "s0", passRate: 0.25, graded: 4 }, { suiteId: "s1", passRate: 0.9, graded: 10 }], p95TtftMs: 480, medianTokensPerSec: 20 },
      expandability: { tools: "unknown", jsonMode: "unknown", images: "yes" },
    });
    expect(b).toMatchObject({
      size: { fit: "may-not-fit" }, cost: null, operational: { where: "local", hourlyCostUsd: "0.20" },
      performance: { suites: [], p95TtftMs: null, medianTokensPerSec: null }, expandability: { images: "unknown" },
    });
  });
});
