// What a benchmark suite is: cases (chat messages with {{var}} templates,
// optional tools, response_format and images) and the checks that grade each
// answer. Check names and semantics follow promptfoo's assertions for the
// subset Tollgate supports; anything else is refused, never ignored.
import { z } from "zod";

/** The assertion types Tollgate evaluates (each may also be negated with a `not-` prefix, except llm-rubric, latency and cost). */
export const CHECK_TYPES = [
  "equals",
  "contains",
  "icontains",
  "contains-any",
  "contains-all",
  "regex",
  "starts-with",
  "is-json",
  "contains-json",
  "is-valid-openai-tools-call",
  "levenshtein",
  "latency",
  "cost",
  "llm-rubric",
] as const;
export type BaseCheckType = (typeof CHECK_TYPES)[number];

/** Types that cannot be negated (promptfoo has no meaningful `not-` form for them here). */
export const NOT_NEGATABLE: readonly BaseCheckType[] = ["latency", "cost", "llm-rubric"];

export const SUPPORTED_CHECK_TYPES: readonly string[] = [
  ...CHECK_TYPES,
  ...CHECK_TYPES.filter((t) => !NOT_NEGATABLE.includes(t)).map((t) => `not-${t}`),
];

const boundedText = (max: number) => z.string().max(max).refine((s) => !s.includes("\u0000"), "must not contain NUL bytes");

export const checkSchema = z
  .object({
    type: z.string().max(100).superRefine((t, ctx) => {
      if (!SUPPORTED_CHECK_TYPES.includes(t)) ctx.addIssue({ code: "custom", message: `unsupported check type "${t}"` });
    }),
    // A string, a list of strings, a number (latency ms, cost USD as a decimal string or number), or a JSON schema object.
    value: z.unknown().optional(),
    threshold: z.number().finite().optional(),
    weight: z.number().finite().min(0).max(1000).default(1),
    // llm-rubric: the judge model alias (else the suite's judgeModel).
    provider: boundedText(200).optional(),
    metric: boundedText(200).optional(),
  })
  .strict();
export type Check = z.output<typeof checkSchema>;

const imagePart = z.object({ type: z.literal("image_url"), image_url: z.object({ url: boundedText(2_000_000), detail: z.enum(["auto", "low", "high"]).optional() }).strict() }).strict();
const textPart = z.object({ type: z.literal("text"), text: boundedText(100_000) }).strict();

export const messageSchema = z
  .object({
    role: z.enum(["system", "developer", "user", "assistant", "tool"]),
    content: z.union([boundedText(100_000), z.array(z.union([textPart, imagePart])).min(1).max(20)]),
    name: boundedText(200).optional(),
    tool_call_id: boundedText(200).optional(),
  })
  .strict();
export type SuiteMessage = z.output<typeof messageSchema>;

const toolSchema = z
  .object({
    type: z.literal("function"),
    function: z.object({ name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/), description: boundedText(4000).optional(), parameters: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().optional() }).strict(),
  })
  .strict();

export const caseSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, "1-100 letters, digits, . _ : -"),
    description: boundedText(1000).optional(),
    // Templates: {{name}} is replaced by vars.name when the run starts.
    messages: z.array(messageSchema).min(1).max(100),
    vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/), boundedText(100_000)).default({}),
    tools: z.array(toolSchema).max(64).optional(),
    tool_choice: z.union([z.enum(["auto", "none", "required"]), z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) })]).optional(),
    response_format: z.record(z.string(), z.unknown()).optional(),
    max_tokens: z.number().int().min(1).max(32_768).optional(),
    temperature: z.number().min(0).max(2).optional(),
    checks: z.array(checkSchema).max(50).default([]),
    // Pass when the weighted score reaches this (promptfoo's test threshold); else every check must pass.
    threshold: z.number().min(0).max(1).optional(),
  })
  .strict();
export type SuiteCase = z.output<typeof caseSchema>;

export const suiteDefinitionSchema = z
  .object({
    cases: z
      .array(caseSchema)
      .min(1)
      .max(2000)
      .superRefine((cases, ctx) => {
        const seen = new Set<string>();
        cases.forEach((c, i) => {
          if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate case id "${c.id}"` });
          seen.add(c.id);
        });
      }),
  })
  .strict();
export type SuiteDefinition = z.output<typeof suiteDefinitionSchema>;
