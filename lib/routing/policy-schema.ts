// What a routing policy is, as the management API and the Routing page accept
// it (no server imports: the rule builder validates with it too). Structure
// is checked here (bounds, split percents summing to 100, no model twice in
// a chain, unique rule ids); whether the models exist, fit and are local is
// checked against the org's catalog in validate-policy.ts.
import { z } from "zod";
import { checkSchema } from "../benchmarks/suite-schema";

export const MAX_RULES_PER_POLICY = 200;
/** Entries in one match list (project ids, key ids, tags, models). */
export const MAX_MATCH_VALUES = 100;
export const MAX_SPLIT_TARGETS = 10;
export const MAX_CHAIN_MODELS = 6;
export const MAX_ESCALATION_CHECKS = 10;
/** Custom escalation checks in one policy: each compiles a regex or JSON schema when the policy is saved. */
export const MAX_CUSTOM_CHECKS_PER_POLICY = 50;
/** A stored policy stays small enough for every proxy to compile it on each catalog change. */
export const MAX_POLICY_JSON_CHARS = 512_000;
const MAX_TOKENS = 100_000_000;

export const ROUTE_ENDPOINTS = ["chat.completions", "responses", "embeddings"] as const;
export type RouteEndpoint = (typeof ROUTE_ENDPOINTS)[number];

/** Bands of lib/routing/classify-complexity.ts (input length, code fences, math, tools). */
export const COMPLEXITY_BANDS = ["simple", "moderate", "complex"] as const;
export type ComplexityBand = (typeof COMPLEXITY_BANDS)[number];

export const ESCALATION_TRIGGERS = ["invalid-json", "schema-mismatch", "length", "empty"] as const;

const noNul = (s: string) => !s.includes("\u0000");
const text = (max: number) => z.string().max(max).refine(noNul, "must not contain NUL characters");
const entityId = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, "an id: letters, digits, _ and - only");
// The same alphabet as a model alias (lib/catalog/model-schemas.ts).
const modelAlias = z.string().min(1).max(128).regex(/^[\w.:/-]+$/, "a model alias: letters, digits and . _ : / - only");
// The same alphabet as x-tollgate-tags (lib/proxy/parse-tags.ts).
const tag = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/, "a tag: up to 64 letters, digits and _ . : / -, starting with a letter or digit");
const tokenCount = z.number().int().min(0).max(MAX_TOKENS);
const list = <T extends z.ZodType>(item: T) => z.array(item).min(1, "list at least one value, or leave the field out").max(MAX_MATCH_VALUES);

export const ruleMatchSchema = z
  .strictObject({
    projectIds: list(entityId).optional().describe("The request's project is one of these"),
    apiKeyIds: list(entityId).optional().describe("The request's API key is one of these"),
    tags: list(tag).optional().describe("The request carries every one of these tags"),
    models: list(modelAlias).optional().describe("The model the request asked for; may be a name only routing knows (e.g. \"auto\")"),
    endpoints: z.array(z.enum(ROUTE_ENDPOINTS)).min(1).max(ROUTE_ENDPOINTS.length).optional(),
    minInputTokens: tokenCount.optional().describe("Estimated input tokens at least this (inclusive)"),
    maxInputTokens: tokenCount.optional().describe("Estimated input tokens at most this (inclusive)"),
    needs: z
      .strictObject({
        tools: z.boolean().optional().describe("true: the request defines tools; false: it does not"),
        images: z.boolean().optional(),
        jsonMode: z.boolean().optional().describe("response_format (or text.format) asks for JSON"),
        minContextTokens: tokenCount.optional().describe("Input plus requested output tokens at least this"),
      })
      .optional(),
    complexity: z.array(z.enum(COMPLEXITY_BANDS)).min(1).max(COMPLEXITY_BANDS.length).optional().describe("Heuristic band (lib/routing/classify-complexity.ts): input length, code fences, math, tools"),
  })
  .refine((m) => m.minInputTokens === undefined || m.maxInputTokens === undefined || m.minInputTokens <= m.maxInputTokens, {
    path: ["maxInputTokens"],
    message: "must be at least minInputTokens",
  });
export type RuleMatch = z.output<typeof ruleMatchSchema>;

const cacheSchema = z
  .strictObject({
    ttlSec: z.number().int().min(1).max(7 * 86_400).describe("Seconds a cached answer is served (at most 7 days)"),
    shareAcrossProjects: z.boolean().default(false).describe("Serve one project's cached answer to another project of the org (never across orgs)"),
  })
  .optional()
  .describe("Exact-match response cache for requests this rule routes");

const escalationSchema = z.union([
  z.enum(ESCALATION_TRIGGERS),
  z.strictObject({ check: checkSchema.describe("A benchmark-suite check (promptfoo assertion); escalate when the answer fails it") }),
]);
export type EscalationTrigger = z.output<typeof escalationSchema>;

const targetModel = z.strictObject({ model: modelAlias });

export const routeActionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("route"), model: modelAlias, cache: cacheSchema }),
  z.strictObject({
    kind: z.literal("split"),
    targets: z.array(targetModel.extend({ percent: z.number().int().min(0).max(100) })).min(2).max(MAX_SPLIT_TARGETS),
    stickyBy: z.enum(["user", "session-header", "none"]).default("user").describe("user: the body's `user`; session-header: x-tollgate-session; none: per request"),
    cache: cacheSchema,
  }),
  z.strictObject({ kind: z.literal("fallback"), models: z.array(modelAlias).min(2).max(MAX_CHAIN_MODELS).describe("Tried in this order"), cache: cacheSchema }),
  z.strictObject({
    kind: z.literal("cascade"),
    models: z.array(modelAlias).min(2).max(MAX_CHAIN_MODELS).describe("Cheapest first, strongest last"),
    escalateOn: z.array(escalationSchema).min(1).max(MAX_ESCALATION_CHECKS),
    cache: cacheSchema,
  }),
  z.strictObject({
    kind: z.literal("local-first"),
    local: z.strictObject({
      model: modelAlias,
      maxConcurrent: z.number().int().min(1).max(100_000).describe("Requests in flight across all proxies at which new ones burst to the cloud"),
      ttftObjectiveMs: z.number().int().min(1).max(600_000).optional().describe("Burst while the recent p95 time to first token is above this"),
    }),
    cloud: modelAlias,
    hysteresis: z.strictObject({ resumeBelowPercent: z.number().int().min(1).max(100) }).optional().describe("Return to local only below this share of capacity (default 75)"),
    cache: cacheSchema,
  }),
]);
export type RouteAction = z.output<typeof routeActionSchema>;

export const MAX_ATTEMPTS = MAX_CHAIN_MODELS;

const failoverSchema = z
  .strictObject({
    ttftTimeoutMs: z.number().int().min(100).max(600_000).optional().describe("A target that sends no first token within this many ms is abandoned for the next (streams: only before anything reached the client)"),
    maxAttempts: z.number().int().min(1).max(MAX_ATTEMPTS).optional().describe("Targets tried at most (default: every candidate)"),
  })
  .optional()
  .describe("How this rule fails over: on connection errors, timeouts, 5xx and 429, and on a context-length error to a larger model; never on other 4xx");

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, "1-64 letters, digits, . _ : -").describe("Stable: usage rows and statistics name the rule by it"),
    description: text(500).optional(),
    match: ruleMatchSchema.default({}).describe("Every condition given must hold; {} matches every request"),
    action: routeActionSchema,
    failover: failoverSchema,
  })
  .superRefine((rule, ctx) => {
    const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path: ["action", ...path], message: `rule "${rule.id}": ${message}` });
    const a = rule.action;
    if (a.kind === "split") {
      const sum = a.targets.reduce((n, t) => n + t.percent, 0);
      if (sum !== 100) report(["targets"], `split percents must sum to 100 (they sum to ${sum})`);
      reportRepeats(a.targets.map((t) => t.model), (j, first) => report(["targets", j, "model"], `"${a.targets[j]!.model}" is already target ${first}; each model once per split`));
    }
    if (a.kind === "fallback" || a.kind === "cascade") {
      reportRepeats(a.models, (j, first) => report(["models", j], `"${a.models[j]}" already appears at models[${first}]: a ${a.kind} must not repeat a model (that would loop back to it)`));
    }
    if (a.kind === "local-first" && a.local.model === a.cloud) report(["cloud"], "the cloud target must differ from the local one");
  });
export type RoutingRule = z.output<typeof ruleSchema>;

function reportRepeats(models: readonly string[], report: (index: number, firstIndex: number) => void): void {
  const seen = new Map<string, number>();
  models.forEach((m, j) => {
    const first = seen.get(m);
    if (first !== undefined) report(j, first);
    else seen.set(m, j);
  });
}

const rulesSchema = z
  .array(ruleSchema)
  .max(MAX_RULES_PER_POLICY)
  .superRefine((rules, ctx) => {
    const seen = new Map<string, number>();
    rules.forEach((r, i) => {
      const first = seen.get(r.id);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [i, "id"], message: `rule "${r.id}": the id is already used by rules[${first}]; rule ids must be unique in a policy` });
      else seen.set(r.id, i);
    });
    const customChecks = rules.reduce((n, r) => n + (r.action.kind === "cascade" ? r.action.escalateOn.filter((e) => typeof e !== "string").length : 0), 0);
    if (customChecks > MAX_CUSTOM_CHECKS_PER_POLICY) ctx.addIssue({ code: "custom", path: [], message: `at most ${MAX_CUSTOM_CHECKS_PER_POLICY} custom escalation checks per policy (this one has ${customChecks})` });
    if (JSON.stringify(rules).length > MAX_POLICY_JSON_CHARS) ctx.addIssue({ code: "custom", path: [], message: `the rules take more than ${MAX_POLICY_JSON_CHARS} characters of JSON` });
  });

const policyFields = {
  name: z.string().trim().min(1).max(120).refine(noNul, "must not contain NUL characters"),
  projectId: entityId.nullish().describe("null or absent: applies to every project of the org"),
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(0).describe("Lower is evaluated first; a project's policies come before the org's"),
  enabled: z.boolean().default(true),
  mode: z.enum(["enforce", "shadow"]).default("enforce").describe("shadow: evaluated and recorded on every request, never changes where it goes"),
  rules: rulesSchema.describe("Evaluated in order; the first rule that matches decides"),
};

export const policyInputSchema = z.strictObject(policyFields);
export type PolicyInput = z.output<typeof policyInputSchema>;

export const policyUpdateSchema = z
  .strictObject({
    name: policyFields.name.optional(),
    projectId: policyFields.projectId,
    priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    enabled: z.boolean().optional(),
    mode: z.enum(["enforce", "shadow"]).optional(),
    rules: rulesSchema.optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), "send at least one field to change");
export type PolicyUpdate = z.output<typeof policyUpdateSchema>;

/** Every model a rule's action may send a request to, with the path of the field that names it. */
export function actionTargets(action: RouteAction): { model: string; path: (string | number)[] }[] {
  switch (action.kind) {
    case "route":
      return [{ model: action.model, path: ["model"] }];
    case "split":
      return action.targets.map((t, j) => ({ model: t.model, path: ["targets", j, "model"] }));
    case "fallback":
    case "cascade":
      return action.models.map((model, j) => ({ model, path: ["models", j] }));
    case "local-first":
      return [
        { model: action.local.model, path: ["local", "model"] },
        { model: action.cloud, path: ["cloud"] },
      ];
  }
}
