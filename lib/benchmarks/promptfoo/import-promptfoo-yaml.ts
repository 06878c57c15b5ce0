// Imports a promptfoo config (YAML) as a Tollgate suite: cases are prompts x
// tests (a test's `prompts` list narrows that), with defaultTest merged in.
// Whatever Tollgate cannot honour exactly (code-running assertions, file://
// references, nunjucks beyond {{ var }}, unknown keys) is refused with its
// line, never ignored; a few settings that only concern how promptfoo runs
// (providers, output paths) are ignored with a warning. The result passes
// suiteDefinitionSchema and validateSuiteChecks, or the import fails.
import { suiteDefinitionSchema, type SuiteDefinition } from "../suite-schema";
import { validateSuiteChecks } from "../checks/validate-suite-checks";
import { caseIdFor } from "./case-ids";
import { REQUEST_FIELDS, readPrompts, type ImportedPrompt } from "./read-prompts";
import { readDefaultTest, readTests, type ImportedTest } from "./read-tests";
import { ImportIssues, YamlSource, type ImportIssue, type YamlPath } from "./yaml-source";

export const MAX_IMPORT_BYTES = 1_000_000;
// Aliases (*anchor) can make a small file expand into a huge suite: the expanded content is capped too.
const MAX_EXPANDED_UNITS = 5_000_000;
const MAX_NESTING = 64;
const MAX_CASES = 2000;
const MAX_WARNINGS = 20;

export interface ImportedSuite {
  name: string;
  description: string | null;
  definition: SuiteDefinition;
  /** defaultTest.options.provider: the judge model for llm-rubric checks that name none. */
  judgeModel: string | null;
}

export type PromptfooImport = { ok: true; suite: ImportedSuite; warnings: string[] } | { ok: false; errors: ImportIssue[] };

const SUPPORTED_KEYS = new Set(["description", "prompts", "providers", "targets", "tests", "defaultTest"]);
// Settings for how promptfoo itself runs or reports: nothing to honour when Tollgate runs the suite.
const IGNORED_KEYS = new Set(["tags", "evaluateOptions", "outputPath", "sharing", "writeLatestResults", "metadata", "commandLineOptions"]);

function refusalForKey(key: string): string {
  if (key === "nunjucksFilters" || key === "extensions") return `top-level key "${key}" is not supported (it would run arbitrary code)`;
  if (key === "env") return `top-level key "${key}" is not supported (provider settings and credentials belong to Tollgate's targets)`;
  return `top-level key "${key}" is not supported (supported: description, prompts, tests, defaultTest; providers is ignored)`;
}

/** file:// (and other loader) references anywhere in prompts, tests or defaultTest. */
function findFileReferences(value: unknown, path: YamlPath, issues: ImportIssues, depth = 0) {
  if (issues.full || depth > 64) return;
  if (typeof value === "string") {
    if (/^\s*file:\/\//i.test(value)) issues.add(path, `file:// references are not supported (${value.trim().slice(0, 120)}): write the content inline`);
  } else if (Array.isArray(value)) value.forEach((item, i) => findFileReferences(item, [...path, i], issues, depth + 1));
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) findFileReferences(v, [...path, k], issues, depth + 1);
}

/** Why the parsed document is too big once aliases are expanded (string lengths plus one per node), or null. */
function expansionProblem(root: unknown): string | null {
  let units = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    units += typeof value === "string" ? value.length + 1 : 1;
    if (units > MAX_EXPANDED_UNITS) return "the YAML expands (through its *aliases) to more than 5 MB of content";
    if (typeof value === "object" && value !== null) {
      if (depth >= MAX_NESTING) return `the YAML nests deeper than ${MAX_NESTING} levels`;
      for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return null;
}

interface CaseOrigin {
  test: ImportedTest;
  prompt: ImportedPrompt;
}

/** The YAML location of a field of the built definition, for errors found by the schema or the check validation. */
function yamlPathOf(path: readonly PropertyKey[], origins: CaseOrigin[]): YamlPath {
  if (path[0] !== "cases") return [];
  const index = path[1];
  if (typeof index !== "number") return ["tests"];
  const origin = origins[index];
  if (!origin) return ["tests"];
  const [field, ...rest] = path.slice(2) as (string | number)[];
  const { test, prompt } = origin;
  if (field === "checks" && typeof rest[0] === "number") return [...(test.checks[rest[0]]?.path ?? [...test.path, "assert"]), ...rest.slice(1)];
  if (field === "vars" && typeof rest[0] === "string") return test.varPaths[rest[0]] ?? [...test.path, "vars"];
  if (field === "messages") return prompt.rawPath;
  if ((REQUEST_FIELDS as readonly unknown[]).includes(field)) return [...prompt.path, "config", field!, ...rest];
  if (field === "threshold") return test.thresholdPath ?? test.path;
  if (field === "id") return [...test.path, "metadata", "caseId"];
  if (field === "description") return [...test.path, "description"];
  return test.path;
}

function promptsFor(test: ImportedTest, prompts: ImportedPrompt[], issues: ImportIssues): ImportedPrompt[] {
  if (!test.promptFilter) return prompts;
  const chosen: ImportedPrompt[] = [];
  for (const name of test.promptFilter.names) {
    if (name.includes("*")) {
      issues.add(test.promptFilter.path, `prompt filter "${name}": wildcards are not supported; name each prompt by its label or id`);
      continue;
    }
    const matches = prompts.filter((p) => p.label === name || p.id === name);
    if (matches.length === 0) issues.add(test.promptFilter.path, `no prompt has the label or id "${name}"`);
    for (const p of matches) if (!chosen.includes(p)) chosen.push(p);
  }
  return chosen.sort((a, b) => a.index - b.index);
}

function suiteName(explicit: string | undefined, description: string | null): string {
  const fromDescription = description?.split("\n")[0]?.trim();
  const name = explicit?.trim() || fromDescription || "Imported promptfoo suite";
  return name.length > 120 ? `${name.slice(0, 119)}…` : name;
}

const sortByLine = (issues: ImportIssue[]) => [...issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));

export function importPromptfooYaml(text: string, options: { name?: string } = {}): PromptfooImport {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_IMPORT_BYTES) return { ok: false, errors: [{ line: null, path: "", message: `the YAML is ${bytes} bytes; the limit is 1 MB (${MAX_IMPORT_BYTES} bytes)` }] };
  const nul = text.indexOf("\u0000");
  if (nul >= 0) return { ok: false, errors: [{ line: text.slice(0, nul).split("\n").length, path: "", message: "the YAML contains a NUL byte" }] };

  let source: YamlSource;
  try {
    source = YamlSource.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ line: null, path: "", message: `YAML: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const syntax = source.syntaxIssues();
  if (syntax.length > 0) return { ok: false, errors: syntax.slice(0, 50) };
  const issues = new ImportIssues(source);
  let root: unknown;
  try {
    root = source.doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    return { ok: false, errors: [{ line: null, path: "", message: `YAML: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const tooBig = expansionProblem(root);
  if (tooBig) return { ok: false, errors: [{ line: null, path: "", message: tooBig }] };
  if (typeof root !== "object" || root === null || Array.isArray(root)) return { ok: false, errors: [{ line: source.lineOf([]), path: "", message: "a promptfoo config must be a map with prompts and tests" }] };
  const config = root as Record<string, unknown>;

  const warnings = new Set<string>();
  for (const key of Object.keys(config)) {
    if (key === "providers" || key === "targets") warnings.add(`${key} is ignored: a Tollgate benchmark runs against the targets you choose when you run it`);
    else if (IGNORED_KEYS.has(key)) warnings.add(`${key} is ignored: it only concerns how promptfoo itself runs`);
    else if (!SUPPORTED_KEYS.has(key)) issues.add([key], refusalForKey(key));
  }
  let description: string | null = null;
  if (config.description !== undefined) {
    if (typeof config.description === "string") description = config.description.trim() || null;
    else issues.add(["description"], "description must be a string");
  }
  for (const key of ["prompts", "tests", "defaultTest"]) findFileReferences(config[key], [key], issues);
  if (issues.any) return { ok: false, errors: sortByLine(issues.list) };

  const prompts = readPrompts(config.prompts, issues);
  const defaults = readDefaultTest(config.defaultTest, issues);
  const tests = readTests(config.tests, defaults, issues, warnings);
  if (issues.any) return { ok: false, errors: sortByLine(issues.list) };

  const plan = tests.map((test) => ({ test, prompts: promptsFor(test, prompts, issues) }));
  const caseCount = plan.reduce((n, p) => n + p.prompts.length, 0);
  if (caseCount > MAX_CASES) issues.add(["tests"], `${prompts.length} prompts x ${tests.length} tests make ${caseCount} cases; the limit is ${MAX_CASES}`);
  if (issues.any) return { ok: false, errors: sortByLine(issues.list) };

  const origins: CaseOrigin[] = [];
  const cases: Record<string, unknown>[] = [];
  const undefinedVars = new Set<string>();
  for (const { test, prompts: chosen } of plan) {
    for (const prompt of chosen) {
      const checks = test.checks.map(({ check }) => (check.type === "llm-rubric" && check.provider === undefined && test.judgeModel !== undefined ? { ...check, provider: test.judgeModel } : check));
      const testCase: Record<string, unknown> = {
        id: caseIdFor({ testIndex: test.index, testCount: tests.length, promptIndex: prompt.index, promptCount: prompts.length, promptsForTest: chosen.length, caseId: test.caseId }),
        ...(test.description !== undefined && { description: test.description }),
        messages: prompt.messages,
        vars: test.vars,
        ...prompt.request,
        checks,
        ...(test.thresholdPath && { threshold: test.threshold }),
      };
      cases.push(testCase);
      origins.push({ test, prompt });
      for (const v of prompt.variables) if (!Object.hasOwn(test.vars, v)) undefinedVars.add(`tests[${test.index}] does not define {{${v}}}, which prompt ${prompt.index + 1} uses; it renders as empty text`);
    }
  }

  const parsed = suiteDefinitionSchema.safeParse({ cases });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.add(yamlPathOf(issue.path, origins), issue.message);
    return { ok: false, errors: sortByLine(issues.list) };
  }
  const judgeModel = defaults.judgeModel ?? null;
  for (const issue of validateSuiteChecks(parsed.data, { judgeModel })) issues.add(yamlPathOf(issue.path, origins), issue.message);
  if (issues.any) return { ok: false, errors: sortByLine(issues.list) };

  const allWarnings = [...warnings, ...undefinedVars];
  const shown = allWarnings.length > MAX_WARNINGS ? [...allWarnings.slice(0, MAX_WARNINGS), `… and ${allWarnings.length - MAX_WARNINGS} more warnings`] : allWarnings;
  return { ok: true, suite: { name: suiteName(options.name, description), description, definition: parsed.data, judgeModel }, warnings: shown };
}
