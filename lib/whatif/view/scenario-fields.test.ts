import { describe, expect, it } from "vitest";
import { emptyScenario, rangeOf, scenarioBody, type ScenarioFields } from "./scenario-fields";
import { scenarioFieldFor, scenarioResolver, serverFieldErrors } from "./scenario-resolver";

const NOW = new Date("2026-03-20T10:15:00Z");

function fields(over: (f: ScenarioFields) => void = () => undefined): ScenarioFields {
  const f = emptyScenario({ from: "2026-03-01", to: "2026-03-10" });
  f.name = "Premium to economy";
  f.rules[0]!.target.model = "gpt-5-mini";
  over(f);
  return f;
}

describe("scenario range", () => {
  it("is org-local days: from the start of the first to the start of the day after the last", () => {
    expect(rangeOf({ from: "2026-03-01", to: "2026-03-10" }, "UTC", NOW)).toEqual({ from: "2026-03-01T00:00:00.000Z", to: "2026-03-11T00:00:00.000Z" });
    expect(rangeOf({ from: "2026-03-01", to: "2026-03-10" }, "Europe/Berlin", NOW)).toEqual({ from: "2026-02-28T23:00:00.000Z", to: "2026-03-10T23:00:00.000Z" });
  });
  it("stops at the end of the current hour when it reaches today", () => {
    expect(rangeOf({ from: "2026-03-14", to: "2026-03-20" }, "UTC", NOW).to).toBe("2026-03-20T11:00:00.000Z");
  });
  it("leaves what is not a day as typed, for the schema to name", () => {
    expect(rangeOf({ from: "", to: "2026-03-10" }, "UTC", NOW).from).toBe("");
  });
});

describe("scenario body", () => {
  it("leaves empty optional fields out and sends lists and numbers", () => {
    const body = scenarioBody(fields((f) => {
      f.rules[0]!.match.tiers = ["premium"];
      f.rules[0]!.match.requestedModels = "gpt-5, claude-opus-4.1";
      f.rules[0]!.match.minInputTokens = "512";
      f.rules[0]!.sharePercent = "60";
    }), "UTC", NOW);
    expect(body.rules).toEqual([{ match: { tiers: ["premium"], requestedModels: ["gpt-5", "claude-opus-4.1"], minInputTokens: 512 }, sharePercent: 60, target: { model: "gpt-5-mini" } }]);
    expect(body.localBurst).toBeUndefined();
    expect(body.adjustments).toEqual({ tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false });
  });
  it("sends a cheapestWhere target, judged on its own suite, and the burst with one capacity", () => {
    const body = scenarioBody(fields((f) => {
      f.rules[0]!.target = { kind: "cheapest", model: "", suiteId: "suite_1", minPassRate: "0.85", maxP95TtftMs: "1500" };
      f.rules[0]!.suiteId = "other";
      f.localBurst = { enabled: true, localModel: "qwen-0.6b", capacityKind: "rps", capacity: "2.5", hourlyCostUsd: "1.20", cloudModel: "gpt-5-nano" };
    }), "UTC", NOW);
    expect(body.rules[0]).toEqual({ match: {}, sharePercent: 50, target: { cheapestWhere: { suiteId: "suite_1", minPassRate: 0.85, maxP95TtftMs: 1500 } } });
    expect(body.localBurst).toEqual({ localModel: "qwen-0.6b", capacityRps: 2.5, hourlyCostUsd: "1.20", cloudModel: "gpt-5-nano" });
  });
});

describe("scenario resolver", () => {
  const resolve = (f: ScenarioFields) => scenarioResolver("UTC", () => NOW)(f, undefined, { fields: {}, shouldUseNativeValidation: false });
  it("passes a valid scenario through the API's schema", async () => {
    const r = await resolve(fields());
    expect(r.errors).toEqual({});
    expect(r.values).toMatchObject({ name: "Premium to economy", range: { from: "2026-03-01T00:00:00.000Z", to: "2026-03-11T00:00:00.000Z" } });
  });
  it("puts each issue on its input: a share of 150, an empty model, a missing name", async () => {
    const r = await resolve(fields((f) => {
      f.name = " ";
      f.rules[0]!.sharePercent = "150";
      f.rules.push({ ...f.rules[0]!, sharePercent: "x", target: { ...f.rules[0]!.target, model: "" } });
    }));
    const e = r.errors as Record<string, unknown> & { rules: { sharePercent?: { message: string }; target?: { model?: { message: string } } }[] };
    expect(e.rules[0]!.sharePercent!.message).toBe("must be a whole percent from 0 to 100");
    expect(e.rules[1]!.sharePercent!.message).toBe("must be a whole percent from 0 to 100");
    expect(e.rules[1]!.target!.model!.message).toBe("required");
    expect((e.name as { message: string }).message).toBe("required");
  });
  it("says on the last day when the range is backwards (checked once the rest parses)", async () => {
    const r = await resolve(fields((f) => { f.from = "2026-03-12"; }));
    expect((r.errors as { to?: { message: string } }).to?.message).toMatch(/after range.from/);
  });
});

describe("where a server issue shows", () => {
  it("maps the API's field paths onto the editor's inputs", () => {
    expect(scenarioFieldFor(["rules", 2, "target", "cheapestWhere", "suiteId"])).toBe("rules.2.target.suiteId");
    expect(scenarioFieldFor(["rules", 0, "match", "maxInputTokens"])).toBe("rules.0.match.maxInputTokens");
    expect(scenarioFieldFor(["rules", 0, "match", "apiKeyIds"])).toBe("rules.0.match.root");
    expect(scenarioFieldFor(["localBurst", "capacityRps"])).toBe("localBurst.capacity");
    expect(scenarioFieldFor(["range"])).toBe("to");
    expect(scenarioFieldFor(["rules"])).toBe("rules.root");
    const errors = serverFieldErrors([
      { field: "rules.0.target.model", message: 'model "x" has no price in effect' },
      { field: "rules.0.target.model", message: "a second message" },
      { field: "mystery", message: "odd" },
      { nonsense: true },
    ]);
    expect([...errors]).toEqual([["rules.0.target.model", 'model "x" has no price in effect'], ["root", "mystery: odd"]]);
  });
});

describe("range text", () => {
  it("names the org-local days a stored range covers", async () => {
    const { rangeDaysText } = await import("./scenario-fields");
    expect(rangeDaysText({ from: "2026-03-01T00:00:00.000Z", to: "2026-03-11T00:00:00.000Z" }, "UTC")).toBe("2026-03-01 – 2026-03-10");
    expect(rangeDaysText({ from: "2026-02-28T23:00:00.000Z", to: "2026-03-10T23:00:00.000Z" }, "Europe/Berlin")).toBe("2026-03-01 – 2026-03-10");
    expect(rangeDaysText({ from: "2026-03-20T00:00:00.000Z", to: "2026-03-20T11:00:00.000Z" }, "UTC")).toBe("2026-03-20");
  });
});
