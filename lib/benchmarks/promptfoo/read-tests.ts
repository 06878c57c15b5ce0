// promptfoo `tests` and `defaultTest` -> test cases, merged as promptfoo
// merges them: defaultTest's vars under each test's, its assertions before
// each test's, its threshold unless the test sets one. Supported per test:
// description, vars, assert, threshold, options.provider (the llm-rubric
// judge), metadata.caseId, and prompts (which prompts the test runs against).
import { readAssertions, type ImportedCheck } from "./read-assertions";
import type { ImportIssues, YamlPath } from "./yaml-source";

export interface TestParts {
  vars: Record<string, string>;
  varPaths: Record<string, YamlPath>;
  checks: ImportedCheck[];
  threshold?: unknown;
  thresholdPath?: YamlPath;
  /** options.provider: the judge model for llm-rubric. */
  judgeModel?: string;
}

export interface ImportedTest extends TestParts {
  index: number;
  path: YamlPath;
  description?: string;
  caseId?: string;
  promptFilter?: { names: string[]; path: YamlPath };
}

const TEST_FIELDS = new Set(["description", "vars", "assert", "threshold", "options", "metadata", "prompts"]);
// Harmless options promptfoo defines that change nothing here (var lists are refused anyway).
const IGNORED_OPTIONS = new Set(["disableVarExpansion", "disableConversationVar"]);

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function refusalForTestField(field: string): string {
  if (field === "provider" || field === "providers") return `test field "${field}" is not supported (targets are chosen when a benchmark runs)`;
  if (field === "assertScoringFunction") return `test field "${field}" is not supported (it would run arbitrary code)`;
  return `test field "${field}" is not supported (supported: ${[...TEST_FIELDS].join(", ")})`;
}

function refusalForOption(option: string): string {
  if (["transform", "postprocess", "transformVars"].includes(option)) return `option "${option}" is not supported (it would run arbitrary code)`;
  if (option === "rubricPrompt") return `option "${option}" is not supported (Tollgate grades llm-rubric with its own judge prompt)`;
  return `option "${option}" is not supported (supported: provider, the judge model for llm-rubric)`;
}

function readVars(value: unknown, path: YamlPath, issues: ImportIssues): Pick<TestParts, "vars" | "varPaths"> {
  const vars: Record<string, string> = {};
  const varPaths: Record<string, YamlPath> = {};
  if (value === undefined || value === null) return { vars, varPaths };
  if (!isMap(value)) {
    issues.add(path, "vars must be a map of names to values (loading vars from files is not supported)");
    return { vars, varPaths };
  }
  for (const [name, v] of Object.entries(value)) {
    const at = [...path, name];
    if (typeof v === "string") vars[name] = v;
    else if (typeof v === "number" || typeof v === "boolean") vars[name] = String(v);
    else if (Array.isArray(v)) {
      issues.add(at, `var "${name}" is a list: promptfoo would run the test once per value; write one test per value instead`);
      continue;
    } else if (isMap(v)) vars[name] = JSON.stringify(v); // promptfoo renders object vars as JSON
    else {
      issues.add(at, `var "${name}" has no value`);
      continue;
    }
    varPaths[name] = at;
  }
  return { vars, varPaths };
}

function readOptions(value: unknown, path: YamlPath, issues: ImportIssues): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMap(value)) {
    issues.add(path, "options must be a map");
    return undefined;
  }
  let judge: string | undefined;
  for (const [key, v] of Object.entries(value)) {
    if (key === "provider") {
      if (typeof v === "string" && v.trim() !== "") judge = v.trim();
      else issues.add([...path, key], "options.provider must be the judge model's name (a string)");
    } else if (!IGNORED_OPTIONS.has(key)) issues.add([...path, key], refusalForOption(key));
  }
  return judge;
}

function readParts(value: Record<string, unknown>, path: YamlPath, issues: ImportIssues): TestParts {
  const parts: TestParts = { ...readVars(value.vars, [...path, "vars"], issues), checks: readAssertions(value.assert, [...path, "assert"], issues) };
  if (value.threshold !== undefined) {
    parts.threshold = value.threshold;
    parts.thresholdPath = [...path, "threshold"];
  }
  const judge = readOptions(value.options, [...path, "options"], issues);
  if (judge !== undefined) parts.judgeModel = judge;
  return parts;
}

export function readDefaultTest(value: unknown, issues: ImportIssues): TestParts {
  const empty: TestParts = { vars: {}, varPaths: {}, checks: [] };
  if (value === undefined || value === null) return empty;
  if (!isMap(value)) {
    issues.add(["defaultTest"], "defaultTest must be a map (loading it from a file is not supported)");
    return empty;
  }
  for (const field of Object.keys(value)) if (!TEST_FIELDS.has(field) || field === "prompts") issues.add(["defaultTest", field], refusalForTestField(field));
  return readParts(value, ["defaultTest"], issues);
}

function readTest(value: unknown, index: number, defaults: TestParts, issues: ImportIssues, warnings: Set<string>): ImportedTest | null {
  const path: YamlPath = ["tests", index];
  if (!isMap(value)) {
    issues.add(path, "each test must be a map (loading tests from files is not supported)");
    return null;
  }
  for (const field of Object.keys(value)) if (!TEST_FIELDS.has(field)) issues.add([...path, field], refusalForTestField(field));
  const own = readParts(value, path, issues);
  const test: ImportedTest = {
    index,
    path,
    vars: { ...defaults.vars, ...own.vars },
    varPaths: { ...defaults.varPaths, ...own.varPaths },
    checks: [...defaults.checks, ...own.checks],
  };
  const threshold = own.thresholdPath ? own : defaults;
  if (threshold.thresholdPath) {
    test.threshold = threshold.threshold;
    test.thresholdPath = threshold.thresholdPath;
  }
  if (own.judgeModel !== undefined) test.judgeModel = own.judgeModel;
  if (value.description !== undefined) {
    if (typeof value.description === "string") test.description = value.description;
    else issues.add([...path, "description"], "description must be a string");
  }
  if (value.metadata !== undefined) {
    if (!isMap(value.metadata)) issues.add([...path, "metadata"], "metadata must be a map");
    else {
      for (const key of Object.keys(value.metadata)) if (key !== "caseId") warnings.add("test metadata other than caseId is ignored");
      const caseId = value.metadata.caseId;
      if (caseId !== undefined) {
        if (typeof caseId === "string") test.caseId = caseId;
        else issues.add([...path, "metadata", "caseId"], "metadata.caseId must be a string");
      }
    }
  }
  if (value.prompts !== undefined) {
    const names = value.prompts;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === "string")) issues.add([...path, "prompts"], "prompts must be a list of prompt labels or ids");
    else test.promptFilter = { names, path: [...path, "prompts"] };
  }
  return test;
}

export function readTests(value: unknown, defaults: TestParts, issues: ImportIssues, warnings: Set<string>): ImportedTest[] {
  if (value === undefined || value === null) {
    issues.add([], "tests is required: each test's vars and assertions become benchmark cases");
    return [];
  }
  if (!Array.isArray(value)) {
    issues.add(["tests"], typeof value === "string" ? `tests must be written inline as a list; loading tests from "${value.slice(0, 100)}" is not supported` : "tests must be a list");
    return [];
  }
  if (value.length === 0) issues.add(["tests"], "tests is empty");
  return value.flatMap((item, i) => readTest(item, i, defaults, issues, warnings) ?? []);
}
