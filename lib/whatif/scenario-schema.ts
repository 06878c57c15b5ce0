// A what-if scenario as the management API and the What-if page accept it
// (no server imports, so a form can validate with it too). Structure only:
// whether the models exist and are priced over the range, and whether the
// suites exist, is checked against the org's catalog in
// check-scenario-catalog.ts. Every message is phrased to follow the field's
// path ("rules.2.sharePercent: must be ..."), which lib/http turns into a 422.
import { z } from "zod";
import { ROUTE_ENDPOINTS } from "@/lib/routing/policy-schema";
import { INPUT_BAND_EDGES } from "./traffic-profile";
import { qualitySuiteOf, TIERS } from "./scenario-rule-parts";

export const MAX_SCENARIO_DAYS = 92;
export const MAX_SCENARIO_RULES = 50;
export const MAX_MATCH_VALUES = 100;
const DAY_MS = 86_400_000;

const noNul = (s: string) => !s.includes("\u0000");
// The same alphabets as lib/routing/policy-schema.ts (ids, model aliases, tags).
const entityId = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, "an id: letters, digits, _ and - only");
const modelAlias = z.string().min(1).max(128).regex(/^[\w.:/-]+$/, "a model alias: letters, digits and . _ : / - only");
const tag = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/, "a tag: up to 64 letters, digits and _ . : / -, starting with a letter or digit");
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, "list at least one value, or leave the field out").max(MAX_MATCH_VALUES);
const bandEdge = z
  .number()
  .int()
  .refine((n) => INPUT_BAND_EDGES.includes(n), `must be an input-size band edge (${INPUT_BAND_EDGES.join(", ")}): traffic is aggregated by these bands`);
// USD: a plain decimal with at most 9 places (nano-dollars), never a float.
const usdAmount = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,9})?$/, 'must be a plain decimal string of US dollars with at most 9 decimals, e.g. "1.20"');

// Kept in a module without zod, which the simulation thread loads (simulate-off-loop.ts).
export { qualitySuiteOf, TIERS };

export const scenarioMatchSchema = z
  .strictObject({
    projectIds: list(entityId).optional().describe("The request's project is one of these"),
    apiKeyIds: list(entityId).optional().describe("The request's API key is one of these"),
    tags: list(tag).optional().describe("The request carries every one of these tags"),
    requestedModels: list(modelAlias).optional().describe("The model the request asked for"),
    tiers: z.array(z.enum(TIERS)).min(1).max(TIERS.length).optional().describe("The tier the ledger recorded for the request"),
    endpoints: z.array(z.enum(ROUTE_ENDPOINTS)).min(1).max(ROUTE_ENDPOINTS.length).optional(),
    minInputTokens: bandEdge.optional().describe("Input tokens at least this (inclusive); a band edge"),
    maxInputTokens: bandEdge.optional().describe("Input tokens below this (exclusive); a band edge"),
  })
  .refine((m) => m.minInputTokens === undefined || m.maxInputTokens === undefined || m.minInputTokens < m.maxInputTokens, {
    path: ["maxInputTokens"],
    message: "must be above minInputTokens (the input-size range would be empty)",
  });
export type ScenarioMatch = z.output<typeof scenarioMatchSchema>;

export const cheapestWhereSchema = z.strictObject({
  suiteId: entityId.describe("The benchmark suite whose measured pass rate qualifies a candidate"),
  minPassRate: z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1").describe("Measured pass rate on the suite at least this (0..1)"),
  maxP95TtftMs: z.number().int().min(1).max(600_000).describe("Measured p95 time to first token at most this many ms"),
});
export type CheapestWhere = z.output<typeof cheapestWhereSchema>;

export const ruleTargetSchema = z.union([z.strictObject({ model: modelAlias }), z.strictObject({ cheapestWhere: cheapestWhereSchema })], {
  error: 'must be { "model": alias } or { "cheapestWhere": { suiteId, minPassRate, maxP95TtftMs } }',
});
export type RuleTarget = z.output<typeof ruleTargetSchema>;

export const scenarioRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).refine(noNul, "must not contain NUL characters").optional(),
  match: scenarioMatchSchema.default({}).describe("Every condition given must hold; {} matches all traffic not matched by an earlier rule"),
  sharePercent: z
    .number({ error: "must be a whole percent from 0 to 100" })
    .int("must be a whole percent from 0 to 100")
    .min(0, "must be a whole percent from 0 to 100")
    .max(100, "must be a whole percent from 0 to 100")
    .describe("The share of the matched traffic moved to the target"),
  target: ruleTargetSchema,
  suiteId: entityId.optional().describe("The benchmark suite quality is judged on (default: the cheapestWhere suite)"),
});
export type ScenarioRule = z.output<typeof scenarioRuleSchema>;

export const adjustmentsSchema = z.strictObject({
  tokenizerRatio: z.boolean().default(true).describe("Scale input tokens by the target's tokenizer ratio to the source"),
  outputLengthRatio: z.boolean().default(true).describe("Scale output tokens by the target's output-length ratio to the source"),
  carryCachedInput: z.boolean().default(false).describe("Keep cached-input pricing when the target is another provider's"),
});
export type Adjustments = z.output<typeof adjustmentsSchema>;

export const localBurstSchema = z
  .strictObject({
    localModel: modelAlias.describe("A local model some rule routes traffic to"),
    capacityConcurrent: z.number().int().min(1).max(100_000).optional().describe("Requests in flight the local model serves at its measured goodput"),
    capacityRps: z.number().positive().max(100_000).optional().describe("Requests per second the local model serves at its measured goodput"),
    hourlyCostUsd: usdAmount.describe("The machine's cost per hour, paid for every hour of the range"),
    cloudModel: modelAlias.describe("Where traffic above capacity spills"),
  })
  .superRefine((b, ctx) => {
    if ((b.capacityConcurrent === undefined) === (b.capacityRps === undefined)) {
      ctx.addIssue({ code: "custom", path: ["capacityConcurrent"], message: "give exactly one of capacityConcurrent and capacityRps" });
    }
    if (b.cloudModel === b.localModel) ctx.addIssue({ code: "custom", path: ["cloudModel"], message: "must differ from localModel" });
  });
export type LocalBurst = z.output<typeof localBurstSchema>;

export const scenarioSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).refine(noNul, "must not contain NUL characters"),
    range: z.strictObject({
      from: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T00:00:00Z" }),
      to: z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone, e.g. 2026-03-31T00:00:00Z" }),
    }),
    rules: z.array(scenarioRuleSchema).min(1, "give at least one rule").max(MAX_SCENARIO_RULES, `at most ${MAX_SCENARIO_RULES} rules`),
    adjustments: adjustmentsSchema.default({ tokenizerRatio: true, outputLengthRatio: true, carryCachedInput: false }),
    localBurst: localBurstSchema.optional(),
  })
  .superRefine((s, ctx) => {
    const from = Date.parse(s.range.from), to = Date.parse(s.range.to);
    if (!(to > from)) ctx.addIssue({ code: "custom", path: ["range", "to"], message: "must be after range.from (the range is empty)" });
    else if (to - from > MAX_SCENARIO_DAYS * DAY_MS) ctx.addIssue({ code: "custom", path: ["range", "to"], message: `the range is longer than ${MAX_SCENARIO_DAYS} days` });
    s.rules.forEach((rule, i) => {
      if (rule.suiteId !== undefined && "cheapestWhere" in rule.target && rule.suiteId !== rule.target.cheapestWhere.suiteId) {
        ctx.addIssue({ code: "custom", path: ["rules", i, "suiteId"], message: "must be the cheapestWhere suite (or left out): quality is judged on the suite the target was chosen by" });
      }
    });
    const burst = s.localBurst;
    if (burst && !s.rules.some((r) => "model" in r.target && r.target.model === burst.localModel && r.sharePercent > 0)) {
      ctx.addIssue({ code: "custom", path: ["localBurst", "localModel"], message: "no rule moves traffic to this model" });
    }
  });
export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

