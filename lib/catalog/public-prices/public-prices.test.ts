import { findProvider } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { diffPublicPrices, type OrgModel } from "./diff-public-prices";
import { BASE_EFFECTIVE_FROM, mapPublicPrices, PUBLIC_PROVIDERS, priceText, type PublicProviderData } from "./map-public-prices";

const SOURCE = "@pydantic/genai-prices@0.1.8 (imported 2026-12-02)";

describe("mapping the public dataset", () => {
  it("reads a dataset number through its decimal text, refusing what is not a price", () => {
    expect(priceText(0.25, "input_mtok")).toBe("0.25");
    expect(priceText(0.000002, "input_mtok")).toBe("0.000002");
    expect(priceText(1e7, "input_mtok")).toBe("10000000"); // no exponent form
    expect(() => priceText(0.0000005, "input_mtok")).toThrow(/finer than 6 decimals/);
    expect(priceText(15, "output_mtok")).toBe("15");
    for (const bad of [Number.NaN, Infinity, -1, "1"]) expect(() => priceText(bad, "input_mtok")).toThrow(/not a price/);
    expect(() => priceText({ base: 1, tiers: [] }, "input_mtok")).toThrow(/tiered/);
    expect(() => priceText(1e300, "input_mtok")).toThrow(/too large/);
  });

  it("maps base and dated prices into versions, first-party providers in order, skipping with a reason", () => {
    const providers: PublicProviderData[] = [
      { id: "google", models: [
        { id: "claude-x", prices: { input_mtok: 9, output_mtok: 9 } },
        { id: "gemini-y", name: "Gemini Y", context_window: 1_000_000, prices: [{ prices: { input_mtok: 0.3, output_mtok: 2.5, cache_read_mtok: 0.075, input_audio_mtok: 1 } }, { constraint: { start_date: "2026-06-01" }, prices: { input_mtok: 0.25, output_mtok: 2 } }] },
        { id: "gemini-tiered", prices: { input_mtok: { base: 1, tiers: [] }, output_mtok: 2 } },
        { id: "gemini-night", prices: [{ prices: { input_mtok: 1, output_mtok: 2 } }, { constraint: { start_time: "22:00" } as never, prices: { input_mtok: 0.5, output_mtok: 1 } }] },
      ] },
      { id: "anthropic", models: [{ id: "claude-x", name: "Claude X", prices: { input_mtok: 3, output_mtok: 15, cache_read_mtok: 0.3, cache_write_mtok: 3.75 } }, { id: "bad id!", prices: { input_mtok: 1, output_mtok: 1 } }] },
      { id: "openrouter", models: [{ id: "elsewhere", prices: { input_mtok: 1, output_mtok: 1 } }] },
    ];
    const { entries, skipped } = mapPublicPrices(providers, SOURCE);
    expect(entries.map((e) => [e.provider, e.alias])).toEqual([["anthropic", "claude-x"], ["google", "gemini-y"]]);
    expect(entries[0]!.prices).toEqual([{ effectiveFrom: BASE_EFFECTIVE_FROM, input: "3", cachedInput: "0.3", cacheWrite: "3.75", output: "15", reasoning: null, source: SOURCE }]);
    expect(entries[1]).toMatchObject({ displayName: "Gemini Y", contextWindow: 1_000_000, notCarried: ["input_audio_mtok"] });
    expect(entries[1]!.prices.map((p) => [p.effectiveFrom, p.input, p.output])).toEqual([[BASE_EFFECTIVE_FROM, "0.3", "2.5"], ["2026-06-01T00:00:00.000Z", "0.25", "2"]]);
    expect(skipped).toEqual(expect.arrayContaining([
      { provider: "anthropic", alias: "bad id!", reason: expect.stringMatching(/not a model alias/) },
      { provider: "google", alias: "claude-x", reason: "also priced by anthropic, which comes first" },
      { provider: "google", alias: "gemini-tiered", reason: "tiered input_mtok prices" },
      { provider: "google", alias: "gemini-night", reason: "time-of-day prices" },
    ]));
  });

  it("maps the shipped dataset: hundreds of models with prices of our price book's shape, none hand-written", () => {
    const providers = PUBLIC_PROVIDERS.map((id) => findProvider({ providerId: id })).filter((p) => p !== undefined) as unknown as PublicProviderData[];
    const { entries, skipped } = mapPublicPrices(providers, SOURCE);
    expect(entries.length).toBeGreaterThan(150);
    for (const e of entries) for (const p of e.prices) for (const v of [p.input, p.output, p.cachedInput, p.cacheWrite, p.reasoning]) if (v !== null) expect(v).toMatch(/^\d{1,8}(\.\d{1,6})?$/);
    expect(new Set(entries.map((e) => e.alias)).size).toBe(entries.length);
    expect(skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(entries.find((e) => e.alias === "gpt-4o")?.prices.at(-1)).toMatchObject({ input: expect.any(String), output: expect.any(String) });
  });
});

describe("the diff against an org's price book", () => {
  const entry = (alias: string, input: string, output: string) => ({ alias, displayName: null, tierOverride: null, provider: "openai", contextWindow: null, notCarried: [], prices: [{ effectiveFrom: BASE_EFFECTIVE_FROM, input, cachedInput: null, cacheWrite: null, output, reasoning: null, source: SOURCE }] });
  const version = (input: string, output: string, source: string | null, from = "2026-01-01T00:00:00Z") => ({ effectiveFrom: new Date(from), input, cachedInput: null, cacheWrite: null, output, reasoning: null, source });
  const model = (alias: string, prices: OrgModel["prices"], isLocal = false): OrgModel => ({ alias, displayName: null, tierOverride: null, isLocal, prices });
  const at = new Date("2026-12-02T10:20:30.400Z");

  it("new, changed (a new version from the review, the past kept), unchanged (exact decimals), hand-priced (never overwritten)", () => {
    const diff = diffPublicPrices(
      [entry("new-one", "1", "2"), entry("moved", "0.2", "0.8"), entry("same", "0.25", "2"), entry("mine", "5", "5"), entry("local", "1", "1")],
      [
        model("moved", [version("0.25", "1", "@pydantic/genai-prices@0.1.7 (imported 2026-11-01)")]),
        model("same", [version("0.250000", "2.0", null)]),
        model("mine", [version("4", "4", "contract with the vendor")]),
        model("local", [version("0", "0", "@pydantic/genai-prices@0.1.7")], true),
      ],
      at,
    );
    expect(diff.map((d) => [d.alias, d.status])).toEqual([["new-one", "new"], ["moved", "changed"], ["same", "unchanged"], ["mine", "hand-priced"], ["local", "hand-priced"]]);
    expect(diff[0]!.proposed).toHaveLength(1);
    expect(diff[1]!.proposed).toEqual([expect.objectContaining({ effectiveFrom: "2026-12-02T10:20:30.000Z", input: "0.2", output: "0.8" })]);
    expect(diff[1]!.current).toMatchObject({ input: "0.25", effectiveFrom: "2026-01-01T00:00:00.000Z" });
    for (const d of diff.slice(2)) expect(d.proposed).toEqual([]);
  });
});

describe("provenance", () => {
  it("names the installed package version", async () => {
    const { readFileSync } = await import("node:fs");
    const { PUBLIC_PRICES_VERSION } = await import("./io/public-price-book");
    const installed = JSON.parse(readFileSync(new URL("../../../node_modules/@pydantic/genai-prices/package.json", import.meta.url), "utf8")) as { version: string };
    expect(PUBLIC_PRICES_VERSION).toBe(installed.version);
  });
});
