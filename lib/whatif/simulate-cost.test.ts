import { describe, expect, it } from "vitest";
import fc from "fast-check";
import Decimal from "decimal.js";
import { assignRules } from "./match-scenario-rules";
import { planMoves, type PlannedRule } from "./plan-moves";
import type { RepriceContext } from "./reprice-tokens";
import type { ScenarioMatch } from "./scenario-schema";
import { simulateCost, type CostFigures, type CostSimulation } from "./simulate-cost";
import { IDENTITY_RATIOS, type TokenRatios } from "./token-ratio";
import { INPUT_BANDS, type TrafficCell } from "./traffic-profile";
import type { WhatIfCatalog } from "./whatif-inputs";
import { catalog, catalogOf, cell, model, price } from "@/tests/support/whatif-fixtures";

const adjustments = { tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false };
const ctxOf = (cat: WhatIfCatalog, ratios: (s: string, t: string) => TokenRatios = () => IDENTITY_RATIOS, over = {}): RepriceContext => ({ catalog: cat, adjustments: { ...adjustments, ...over }, ratios });

function run(cells: TrafficCell[], rules: (PlannedRule & { match: ScenarioMatch })[], ctx: RepriceContext, extra: Partial<Parameters<typeof simulateCost>[0]> = {}) {
  const plan = planMoves(cells, assignRules(cells, rules.map((r) => r.match)), rules);
  return simulateCost({ cells, plan, ctx, ...extra });
}

const sum = (rows: CostFigures[], k: keyof CostFigures) => rows.reduce((n, r) => n + BigInt(r[k] as bigint | number), 0n);
function expectBreakdownsAddUp(r: CostSimulation) {
  for (const rows of [r.byRule, r.byProject, r.byModel, r.byTier, r.byDay]) {
    for (const k of ["baselineNano", "simulatedNano", "lowNano", "highNano"] as const) expect(sum(rows, k) + (k === "baselineNano" ? 0n : r.totals.hardwareNano)).toBe(r.totals[k]);
    expect(sum(rows, "requests")).toBe(BigInt(r.totals.requests));
  }
  expect(r.byTargetModel.reduce((n, t) => n + t.simulatedNano, 0n)).toBe(r.totals.simulatedNano);
}

// ---------------------------------------------------------------- generators

const MODELS = [["m-a", "prov-1"], ["m-b", "prov-1"], ["m-c", "prov-2"], ["m-d", "prov-3"]] as const;
const rate = fc.integer({ min: 0, max: 80_000_000 }).map((n) => new Decimal(n).div(1e6).toFixed());
const HOUR0 = Date.parse("2026-03-01T00:00:00Z");
const arbCatalog = fc
  .array(fc.record({ input: rate, cached: fc.option(rate), output: rate, reasoning: fc.option(rate), at: fc.integer({ min: 1, max: 47 }) }), { minLength: MODELS.length * 2, maxLength: MODELS.length * 2 })
  .map((rates) =>
    catalogOf(
      ...MODELS.map(([alias, provider], i) => {
        const [first, second] = [rates[2 * i]!, rates[2 * i + 1]!];
        const v = (r: typeof first, from: string) => price(from, r.input, r.output, { id: `${alias}-${from}`, cachedInputPerMTok: r.cached, reasoningPerMTok: r.reasoning });
        return model(alias, provider, [v(first, "2020-01-01T00:00:00Z"), v(second, new Date(HOUR0 + second.at * 3_600_000).toISOString())]);
      }),
    ),
  );
const arbCell = fc
  .record({
    model: fc.constantFrom(...MODELS.map((m) => m[0])),
    project: fc.constantFrom("p1", "p2", "p3"),
    tier: fc.constantFrom("premium", "mid", "economy", null),
    band: fc.constantFrom(...INPUT_BANDS.map((b) => b.id)),
    hour: fc.integer({ min: 0, max: 47 }),
    requests: fc.integer({ min: 1, max: 5_000 }),
    plain: fc.nat(50_000_000), cached: fc.nat(50_000_000), write: fc.nat(5_000_000), out: fc.nat(20_000_000), reasoning: fc.nat(20_000_000),
    cost: fc.bigInt({ min: 0n, max: 10n ** 13n }),
    priced: fc.boolean(),
  })
  .map((r) =>
    cell({
      requestedModel: r.model, servedModel: r.model, projectId: r.project, tier: r.tier as TrafficCell["tier"], inputBand: r.band, hour: new Date(HOUR0 + r.hour * 3_600_000),
      requests: r.requests, inputTokens: r.plain + r.cached + r.write, cachedInputTokens: r.cached, cacheWriteTokens: r.write, outputTokens: r.out + r.reasoning, reasoningTokens: r.reasoning,
      costNano: r.priced ? r.cost : 0n, priced: r.priced,
    }),
  );
const arbRatio = fc
  .tuple(fc.integer({ min: 100_000, max: 3_000_000 }), fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 500_000 }))
  .map(([p, down, up]) => ({ point: new Decimal(p).div(1e6).toFixed(), low: new Decimal(Math.max(0, p - down)).div(1e6).toFixed(), high: new Decimal(p + up).div(1e6).toFixed() }));

// ---------------------------------------------------------------- tests

describe("simulateCost: the identity scenario is the ledger", () => {
  it("to the nano-dollar, for random cells, prices, shares and ratios", () => {
    fc.assert(
      fc.property(fc.array(arbCell, { minLength: 1, maxLength: 40 }), arbCatalog, fc.array(fc.integer({ min: 0, max: 100 }), { minLength: MODELS.length, maxLength: MODELS.length }), arbRatio, (cells, cat, shares, ratio) => {
        // Every rule sends its requested model's traffic to that same model (cells were served by what they asked for).
        const rules = MODELS.map(([m], i) => ({ match: { requestedModels: [m] }, sharePercent: shares[i]!, target: m }));
        const askedRatios: string[] = [];
        const r = run(cells, rules, ctxOf(cat, (s, t) => (askedRatios.push(`${s}>${t}`), { ...IDENTITY_RATIOS, input: ratio, output: ratio })));
        const ledger = cells.reduce((n, c) => n + c.costNano, 0n);
        expect(r.totals.baselineNano).toBe(ledger);
        expect([r.totals.simulatedNano, r.totals.lowNano, r.totals.highNano]).toEqual([ledger, ledger, ledger]);
        expect(r.totals.movedRequests).toBe(0);
        expect(askedRatios).toEqual([]);
        expect(r.totals.unpricedRequests).toBe(cells.filter((c) => !c.priced).reduce((n, c) => n + c.requests, 0));
        for (const row of [...r.byRule, ...r.byProject, ...r.byModel, ...r.byTier, ...r.byDay]) expect(row.simulatedNano).toBe(row.baselineNano);
        expectBreakdownsAddUp(r);
      }),
      { numRuns: 200 },
    );
  });
});

describe("simulateCost: a full re-route", () => {
  it("equals a hand-written re-pricing of every cell at the target's price in effect (ratios off)", () => {
    fc.assert(
      fc.property(fc.array(arbCell, { minLength: 1, maxLength: 30 }), arbCatalog, fc.constantFrom(...MODELS.map((m) => m[0])), fc.boolean(), (cells, cat, target, carry) => {
        const r = run(cells, [{ match: {}, sharePercent: 100, target }], ctxOf(cat, undefined, { tokenizerRatio: false, outputLengthRatio: false, carryCachedInput: carry }));
        // The reference: sum over cells of round(tokens x rate / 1e6, 9 places, half even), as SQL's numeric would with
        // round-half-even, using decimal.js, not lib/pricing.
        let expected = 0n;
        for (const c of cells) {
          if (!c.priced) continue;
          if (c.servedModel === target) { expected += c.costNano; continue; }
          const t = cat.get(target)!, s = cat.get(c.servedModel)!;
          const v = [...t.versions].reverse().find((p) => p.effectiveFrom <= c.hour)!;
          const keep = carry || s.provider === t.provider;
          const cached = keep ? c.cachedInputTokens : 0, write = keep ? c.cacheWriteTokens : 0;
          const usd = new Decimal(c.inputTokens - cached - write).times(v.inputPerMTok)
            .plus(new Decimal(cached).times(v.cachedInputPerMTok ?? v.inputPerMTok))
            .plus(new Decimal(write).times(v.cacheWritePerMTok ?? v.inputPerMTok))
            .plus(new Decimal(c.outputTokens - c.reasoningTokens).times(v.outputPerMTok))
            .plus(new Decimal(c.reasoningTokens).times(v.reasoningPerMTok ?? v.outputPerMTok))
            .div(1e6);
          expected += BigInt(usd.toDecimalPlaces(9, Decimal.ROUND_HALF_EVEN).times(1e9).toFixed(0));
        }
        expect(r.totals.simulatedNano).toBe(expected);
        expectBreakdownsAddUp(r);
      }),
      { numRuns: 150 },
    );
  });

  it("keeps low <= simulated <= high and every breakdown adding up, with shares and ratios", () => {
    fc.assert(
      fc.property(fc.array(arbCell, { minLength: 1, maxLength: 30 }), arbCatalog, arbRatio, arbRatio, fc.integer({ min: 0, max: 100 }), (cells, cat, input, output, share) => {
        const r = run(cells, [{ match: { projectIds: ["p1", "p2"] }, sharePercent: share, target: "m-c" }, { match: {}, sharePercent: 30, target: "m-a" }], ctxOf(cat, () => ({ ...IDENTITY_RATIOS, input, output })));
        for (const row of [r.totals, ...r.byRule, ...r.byProject, ...r.byDay]) {
          expect(row.lowNano <= row.simulatedNano && row.simulatedNano <= row.highNano).toBe(true);
        }
        expectBreakdownsAddUp(r);
      }),
      { numRuns: 300 },
    );
  });
});

describe("simulateCost, by hand", () => {
  const hour = new Date("2026-03-01T10:00:00Z");
  // 10 requests on gpt-5: 10k input (2k cached), 3k output (500 reasoning); ledger $0.0425
  const c = cell({ hour });

  it("moves the share, re-prices it at the target and keeps the ledger cost of the rest", () => {
    const r = run([c], [{ match: {}, sharePercent: 50, target: "claude-haiku-4.5" }], ctxOf(catalog, undefined, { tokenizerRatio: false, outputLengthRatio: false }));
    // Moved half: 5k input (1k cached, priced as input at anthropic), 1.5k output (250 reasoning):
    // 5000 x $1 + 1500 x $5 per 1M = 0.005 + 0.0075 = $0.0125. Stays: 0.0425 / 2 = 0.02125.
    expect(r.totals).toMatchObject({ requests: 10, movedRequests: 5, baselineNano: 42_500_000n, simulatedNano: 33_750_000n, lowNano: 33_750_000n, highNano: 33_750_000n });
    expect(r.byTargetModel).toEqual([
      { model: "claude-haiku-4.5", requests: 5, simulatedNano: 12_500_000n, lowNano: 12_500_000n, highNano: 12_500_000n },
      { model: "gpt-5", requests: 5, simulatedNano: 21_250_000n, lowNano: 21_250_000n, highNano: 21_250_000n },
    ]);
    expect(r.priceVersions).toEqual([{ model: "claude-haiku-4.5", priceVersionId: catalog.get("claude-haiku-4.5")!.versions[0]!.id, effectiveFrom: new Date("2025-01-01T00:00:00Z") }]);
    expect(r.ratios).toEqual([{ source: "gpt-5", target: "claude-haiku-4.5", ratios: IDENTITY_RATIOS, carriedCache: false, movedRequests: 5 }]);
    expect(r.byRule.map((x) => x.key)).toEqual([0]);
  });

  it("applies the ratios to the moved part and bands the result", () => {
    const ratios: TokenRatios = { ...IDENTITY_RATIOS, input: { point: "1.2", low: "1", high: "1.4" }, output: { point: "2", low: "1", high: "3" } };
    const r = run([c], [{ match: {}, sharePercent: 100, target: "gpt-5-mini" }], ctxOf(catalog, () => ratios));
    // gpt-5-mini before 12:00: input 0.25, cached 0.025, output 2 (same provider: cached kept).
    // point: input 12000 (2400 cached): 9600 x 0.25 + 2400 x 0.025 = 0.0024 + 0.00006; output 6000 x 2 = 0.012 -> $0.01446
    // low:   10000 (2000): 8000 x 0.25 + 2000 x 0.025 = 0.00205; 3000 x 2 = 0.006 -> $0.00805
    // high:  14000 (2800): 11200 x 0.25 + 2800 x 0.025 = 0.00287; 9000 x 2 = 0.018 -> $0.02087
    expect([r.totals.simulatedNano, r.totals.lowNano, r.totals.highNano]).toEqual([14_460_000n, 8_050_000n, 20_870_000n]);
  });

  it("leaves unpriced cells out of both sides and counts them", () => {
    const r = run([c, cell({ priced: false, costNano: 0n, requests: 7 })], [{ match: {}, sharePercent: 100, target: "gpt-5-nano" }], ctxOf(catalog));
    expect(r.totals).toMatchObject({ requests: 10, baselineNano: 42_500_000n, unpricedCells: 1, unpricedRequests: 7 });
  });

  it("serves the local part of a burst for its hardware and re-prices the spill at the cloud model", () => {
    const cells = [cell({ hour, requests: 100, inputTokens: 100_000, cachedInputTokens: 0, outputTokens: 20_000, reasoningTokens: 0, costNano: 1_000_000_000n })];
    const plan = planMoves(cells, Int32Array.from([0]), [{ sharePercent: 100, target: "qwen-local" }]);
    const r = simulateCost({
      cells, plan, ctx: ctxOf(catalog),
      burst: { localModel: "qwen-local", cloudModel: "gpt-5-mini", localFractionOfMove: new Map([[0, 0.75]]), hardwareCostNano: 2_500_000_000n },
    });
    // Spill: a quarter, 25k input x 0.25 + 5k output x 2 per 1M = 0.00625 + 0.01 = $0.01625; local tokens $0; hardware $2.50.
    expect(r.totals).toMatchObject({ baselineNano: 1_000_000_000n, simulatedNano: 2_516_250_000n, hardwareNano: 2_500_000_000n });
    expect(r.byRule[0]!.simulatedNano).toBe(16_250_000n);
    expect(r.byTargetModel).toEqual([
      { model: "gpt-5-mini", requests: 25, simulatedNano: 16_250_000n, lowNano: 16_250_000n, highNano: 16_250_000n },
      { model: "qwen-local", requests: 75, simulatedNano: 2_500_000_000n, lowNano: 2_500_000_000n, highNano: 2_500_000_000n },
    ]);
  });

  it("breaks down by project, model, tier and day (org-local days when told)", () => {
    const cells = [cell({ projectId: "b", hour: new Date("2026-03-01T23:00:00Z") }), cell({ projectId: "a", tier: null, servedModel: "gpt-5-mini", requestedModel: "gpt-5-mini" })];
    const r = run(cells, [{ match: { projectIds: ["b"] }, sharePercent: 100, target: "gpt-5-nano" }], ctxOf(catalog), { dayOf: (h) => new Date(h.getTime() + 3_600_000).toISOString().slice(0, 10) });
    expect(r.byProject.map((x) => x.key)).toEqual(["a", "b"]);
    expect(r.byModel.map((x) => x.key)).toEqual(["gpt-5", "gpt-5-mini"]);
    expect(r.byTier.map((x) => x.key)).toEqual(["mid", null]);
    expect(r.byDay.map((x) => x.key)).toEqual(["2026-03-01", "2026-03-02"]);
    expect(r.byRule.map((x) => x.key)).toEqual([0, null]);
  });
});
