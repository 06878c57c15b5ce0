// Benchmark suites: created from JSON or imported from promptfoo YAML,
// validated whole (schema, then every regex and JSON schema compiled)
// before anything is written, so a bad suite is refused with the field or
// line at fault and nothing is half-saved. Every change is audited.
import { z } from "zod";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import type { DbClient } from "../db/create-db-client";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "../http/app-error";
import { validateSuiteChecks } from "./checks/validate-suite-checks";
import { importPromptfooYaml } from "./promptfoo/import-promptfoo-yaml";
import { toPromptfooYaml } from "./promptfoo/export-promptfoo-yaml";
import { suiteDefinitionSchema, type SuiteDefinition } from "./suite-schema";

type Actor = Pick<Principal, "orgId" | "actor" | "userId">;

const suiteFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).nullable().optional(),
  judgeModel: z.string().trim().min(1).max(128).nullable().optional().describe("Model alias that grades llm-rubric checks; its requests are metered like any"),
};
export const createSuiteSchema = z.object({ ...suiteFields, definition: suiteDefinitionSchema }).strict();
export const updateSuiteSchema = z
  .object({
    name: suiteFields.name.optional(),
    description: suiteFields.description,
    judgeModel: suiteFields.judgeModel,
    definition: suiteDefinitionSchema.optional(),
    yaml: z.string().min(1).max(1_000_000, "at most 1 MB of YAML").optional().describe("promptfoo YAML whose prompts x tests replace the cases (instead of definition)"),
  })
  .strict()
  .refine((u) => !(u.definition && u.yaml), "send definition or yaml, not both");
export const importSuiteSchema = z
  .object({ yaml: z.string().min(1).max(1_000_000, "at most 1 MB of YAML"), name: suiteFields.name.optional(), judgeModel: suiteFields.judgeModel })
  .strict();

const listSelect = { id: true, name: true, description: true, caseCount: true, starterKey: true, judgeModel: true, createdAt: true, updatedAt: true } as const;

function assertChecksValid(definition: SuiteDefinition, judgeModel: string | null | undefined): void {
  const issues = validateSuiteChecks(definition, { judgeModel });
  if (issues.length === 0) return;
  const details = issues.map((i) => ({ field: ["definition", ...i.path].join("."), message: i.message }));
  throw new AppError("validation_failed", `${details[0]!.field}: ${details[0]!.message}`, details);
}

export async function listBenchmarkSuites(db: DbClient, principal: Pick<Principal, "orgId">) {
  return db.benchmarkSuite.findMany({ where: { orgId: principal.orgId }, orderBy: [{ starterKey: { sort: "asc", nulls: "last" } }, { name: "asc" }], select: listSelect });
}

export async function getBenchmarkSuite(db: DbClient, principal: Pick<Principal, "orgId">, suiteId: string) {
  const suite = await db.benchmarkSuite.findFirst({ where: { id: suiteId, orgId: principal.orgId }, select: { ...listSelect, definition: true } });
  if (!suite) throw new AppError("not_found", "No such benchmark suite");
  return suite;
}

export async function createBenchmarkSuite(db: DbClient, principal: Actor, input: z.output<typeof createSuiteSchema> & { starterKey?: string }, requestId?: string) {
  assertChecksValid(input.definition, input.judgeModel);
  return db.$transaction(async (tx) => {
    const suite = await tx.benchmarkSuite.create({
      data: {
        orgId: principal.orgId, name: input.name, description: input.description ?? null, judgeModel: input.judgeModel ?? null, starterKey: input.starterKey ?? null,
        definition: input.definition as unknown as Prisma.InputJsonValue, caseCount: input.definition.cases.length, createdById: principal.userId,
      },
      select: listSelect,
    });
    await recordAudit(tx, principal, { action: "benchmark_suite.create", entityType: "benchmark_suite", entityId: suite.id, after: { name: suite.name, cases: suite.caseCount, starterKey: input.starterKey }, requestId });
    return suite;
  });
}

/** promptfoo YAML -> a suite, or a 422 naming each line at fault. */
function parseYamlOrThrow(yaml: string) {
  const parsed = importPromptfooYaml(yaml);
  if (!parsed.ok) {
    const details = parsed.errors.map((e) => ({ field: e.line ? `yaml (line ${e.line})` : `yaml${e.path ? `.${e.path}` : ""}`, message: e.message, line: e.line, path: e.path }));
    throw new AppError("validation_failed", `${details[0]!.field}: ${details[0]!.message}`, details);
  }
  return { ...parsed.suite, warnings: parsed.warnings };
}

export async function importBenchmarkSuite(db: DbClient, principal: Actor, input: z.output<typeof importSuiteSchema>, requestId?: string) {
  const suiteFromYaml = parseYamlOrThrow(input.yaml);
  const parsed = { suite: suiteFromYaml, warnings: suiteFromYaml.warnings };
  const name = input.name ?? parsed.suite.name;
  if (!name) throw new AppError("validation_failed", "name: the YAML has no description to name the suite by; give a name", [{ field: "name", message: "required" }]);
  // A YAML without a name is named by its description: then it is not repeated as the description.
  const description = parsed.suite.description && parsed.suite.description !== name ? parsed.suite.description : null;
  const suite = await createBenchmarkSuite(db, principal, { name, description, judgeModel: input.judgeModel ?? parsed.suite.judgeModel ?? null, definition: parsed.suite.definition }, requestId);
  return { ...suite, warnings: parsed.warnings };
}

export async function updateBenchmarkSuite(db: DbClient, principal: Actor, suiteId: string, input: z.output<typeof updateSuiteSchema>, requestId?: string) {
  const before = await db.benchmarkSuite.findFirst({ where: { id: suiteId, orgId: principal.orgId }, select: { id: true, name: true, caseCount: true, judgeModel: true } });
  if (!before) throw new AppError("not_found", "No such benchmark suite");
  const definition = input.yaml ? parseYamlOrThrow(input.yaml).definition : input.definition;
  if (definition) assertChecksValid(definition, input.judgeModel === undefined ? before.judgeModel : input.judgeModel);
  return db.$transaction(async (tx) => {
    const suite = await tx.benchmarkSuite.update({
      where: { id: suiteId },
      data: {
        name: input.name, description: input.description, judgeModel: input.judgeModel,
        ...(definition ? { definition: definition as unknown as Prisma.InputJsonValue, caseCount: definition.cases.length } : {}),
      },
      select: listSelect,
    });
    await recordAudit(tx, principal, { action: "benchmark_suite.update", entityType: "benchmark_suite", entityId: suiteId, before, after: { name: suite.name, cases: suite.caseCount, judgeModel: suite.judgeModel }, requestId });
    return suite;
  });
}

export async function deleteBenchmarkSuite(db: DbClient, principal: Actor, suiteId: string, requestId?: string) {
  const before = await db.benchmarkSuite.findFirst({ where: { id: suiteId, orgId: principal.orgId }, select: { id: true, name: true, caseCount: true } });
  if (!before) throw new AppError("not_found", "No such benchmark suite");
  const active = await db.benchmarkRun.count({ where: { suiteId, status: { in: ["queued", "running"] } } });
  if (active > 0) throw new AppError("conflict", "The suite has runs in progress; cancel them first");
  await db.$transaction(async (tx) => {
    await tx.benchmarkSuite.delete({ where: { id: suiteId } });
    await recordAudit(tx, principal, { action: "benchmark_suite.delete", entityType: "benchmark_suite", entityId: suiteId, before, requestId });
  });
  return { id: suiteId, deleted: true };
}

export async function exportBenchmarkSuiteYaml(db: DbClient, principal: Pick<Principal, "orgId">, suiteId: string): Promise<{ name: string; yaml: string }> {
  const suite = await getBenchmarkSuite(db, principal, suiteId);
  const definition = suiteDefinitionSchema.parse(suite.definition);
  return { name: suite.name, yaml: toPromptfooYaml({ name: suite.name, description: suite.description, definition, judgeModel: suite.judgeModel }) };
}
