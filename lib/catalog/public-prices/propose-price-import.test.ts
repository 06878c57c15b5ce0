import { findProvider } from "@pydantic/genai-prices";
import { describe, expect, it } from "vitest";
import { diffPublicPrices, type OrgModel } from "./diff-public-prices";
import { mapPublicPrices, PUBLIC_PROVIDERS, type PublicProviderData } from "./map-public-prices";
import { decideProposal, importFingerprint, importRowKey, importRows } from "./propose-price-import";

const PACKAGE = "@pydantic/genai-prices@0.1.8";
const providers = PUBLIC_PROVIDERS.map((id) => findProvider({ providerId: id })).filter((p) => p !== undefined) as unknown as PublicProviderData[];
// The dataset as two daily checks see it: the import date in the source differs, nothing else.
const dayOne = mapPublicPrices(providers, `${PACKAGE} (imported 2026-12-02)`).entries;
const dayTwo = mapPublicPrices(providers, `${PACKAGE} (imported 2026-12-03)`).entries;
const at1 = new Date("2026-12-02T04:17:00Z");
const at2 = new Date("2026-12-03T04:17:05Z");
const version = (input: string, output: string, source: string | null) => ({ effectiveFrom: new Date("2026-01-01T00:00:00Z"), input, cachedInput: null, cacheWrite: null, output, reasoning: null, source });
const model = (alias: string, prices: OrgModel["prices"], isLocal = false): OrgModel => ({ alias, displayName: null, tierOverride: null, isLocal, prices });

describe("a price import from the shipped dataset", () => {
  it("keeps new, changed and hand-priced rows (unchanged only counted), the hand-priced one listed against the dataset's price", () => {
    const inEffect = diffPublicPrices(dayOne, [], at1).find((e) => e.alias === "gpt-4o")!.dataset!;
    const org = [model("gpt-4o", [{ ...inEffect, effectiveFrom: new Date("2026-01-01T00:00:00Z"), source: "contract" }]), model("gpt-4o-mini", [version("99", "99", "our deal")])];
    const rows = importRows(diffPublicPrices(dayOne, org, at1));
    expect(rows.find((r) => r.alias === "gpt-4o")).toBeUndefined(); // same price as the dataset: unchanged, whoever set it
    const hand = rows.find((r) => r.alias === "gpt-4o-mini")!;
    expect(hand).toMatchObject({ status: "hand-priced", proposed: [], current: { input: "99", output: "99", source: "our deal" } });
    expect(hand.dataset).toMatchObject({ input: expect.stringMatching(/^\d/), output: expect.stringMatching(/^\d/) });
    expect(rows.filter((r) => r.status === "new").length).toBeGreaterThan(150);
  });

  it("has the same fingerprint on the next day's check of the same dataset and book, and a new one when a price moves", () => {
    const moved = dayOne.find((e) => e.prices.length === 1)!;
    const org = [model(moved.alias, [version("123.5", "200", `${PACKAGE} (imported 2026-11-01)`)])];
    const first = importRows(diffPublicPrices(dayOne, org, at1));
    const second = importRows(diffPublicPrices(dayTwo, org, at2));
    expect(first.find((r) => r.alias === moved.alias)!.status).toBe("changed");
    // The changed row's version starts at each check, and the source carries each day's date: neither is in the fingerprint.
    expect(first.find((r) => r.alias === moved.alias)!.proposed[0]!.effectiveFrom).not.toBe(second.find((r) => r.alias === moved.alias)!.proposed[0]!.effectiveFrom);
    expect(importFingerprint(PACKAGE, second)).toBe(importFingerprint(PACKAGE, first));
    const movedAgain = importRows(diffPublicPrices(dayTwo, [model(moved.alias, [version("124", "200", `${PACKAGE} (imported 2026-11-01)`)])], at2));
    expect(importFingerprint(PACKAGE, movedAgain)).not.toBe(importFingerprint(PACKAGE, first));
    expect(importFingerprint("@pydantic/genai-prices@0.1.9", first)).not.toBe(importFingerprint(PACKAGE, first));
  });
});

describe("whether the check proposes an import", () => {
  const rows = importRows(diffPublicPrices(dayOne, [], at1));
  const fingerprint = importFingerprint(PACKAGE, rows);

  it("proposes the first diff, and not the same one again while it is pending", () => {
    expect(decideProposal(PACKAGE, rows, { pending: null, lastDecidedRowKeys: null })).toEqual({ kind: "propose", fingerprint });
    expect(decideProposal(PACKAGE, importRows(diffPublicPrices(dayTwo, [], at2)), { pending: { fingerprint }, lastDecidedRowKeys: null })).toEqual({ kind: "already-pending" });
  });

  it("proposes nothing when there is nothing to write (hand-priced rows alone are not a proposal)", () => {
    const handOnly = rows.slice(0, 1).map((r) => ({ ...r, status: "hand-priced" as const, proposed: [] }));
    expect(decideProposal(PACKAGE, [], { pending: null, lastDecidedRowKeys: null })).toEqual({ kind: "nothing-to-import" });
    expect(decideProposal(PACKAGE, handOnly, { pending: null, lastDecidedRowKeys: null })).toEqual({ kind: "nothing-to-import" });
  });

  it("does not propose again what the admin already decided (dismissed, or left unpicked), but does when a row is new since", () => {
    const decided = rows.map(importRowKey);
    expect(decideProposal(PACKAGE, rows.slice(10), { pending: null, lastDecidedRowKeys: decided })).toEqual({ kind: "already-decided" });
    const withMoved = [...rows.slice(10), { ...rows[0]!, proposed: [{ ...rows[0]!.proposed[0]!, input: "7.77" }] }];
    expect(decideProposal(PACKAGE, withMoved, { pending: null, lastDecidedRowKeys: decided })).toMatchObject({ kind: "propose" });
  });
});
