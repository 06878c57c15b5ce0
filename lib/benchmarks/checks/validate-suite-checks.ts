// Checks a suite's checks before it is saved, so a bad regex or schema is a
// 422 naming the field, not a run full of failed checks. The schema
// (suite-schema.ts) already refuses unknown types and malformed fields; this
// adds what depends on the type: the value's shape, regexes compiled by
// RE2, JSON schemas compiled by ajv, thresholds, template variables the
// case does not define, and a judge model for llm-rubric.
import type { SuiteCase, SuiteDefinition } from "../suite-schema";
import { SUPPORTED_CHECK_TYPES } from "../suite-schema";
import { compileJsonSchema, schemaFromCheckValue } from "./json-schema";
import { renderTemplate, scanTemplate } from "./render-template";
import { compileSafeRegex } from "./safe-regex";
import { MAX_LEVENSHTEIN_VALUE_CHARS, needleList } from "./text-checks";

export interface SuiteCheckIssue {
  path: (string | number)[];
  message: string;
}

export interface ValidateSuiteChecksOptions {
  /** The suite's judge model, for llm-rubric checks that name no provider. */
  judgeModel?: string | null;
}

const MAX_VALUE_ITEMS = 1_000;
const MAX_RUBRIC_CHARS = 20_000;
const MAX_ISSUES = 200;

type Check = SuiteCase["checks"][number];
type Report = (field: (string | number)[], message: string) => void;

function validateTemplates(value: unknown, testCase: SuiteCase, report: Report) {
  const strings = typeof value === "string" ? [{ text: value, at: [] as number[] }] : Array.isArray(value) ? value.flatMap((v, i) => (typeof v === "string" ? [{ text: v, at: [i] }] : [])) : [];
  for (const { text, at } of strings) {
    const scan = scanTemplate(text);
    for (const problem of scan.problems) report(["value", ...at], problem);
    for (const name of scan.variables) if (!Object.hasOwn(testCase.vars ?? {}, name)) report(["value", ...at], `refers to {{${name}}}, which this case's vars do not define`);
  }
}

function validateSchemaValue(type: string, value: unknown, report: Report) {
  if (value === undefined || value === null || value === "") return;
  const schema = schemaFromCheckValue(value);
  if (!schema.ok) return report(["value"], schema.reason);
  const compiled = compileJsonSchema(schema.schema);
  if (!compiled.ok) report(["value"], `${type} schema: ${compiled.reason}`);
}

function validateCheck(check: Check, testCase: SuiteCase, suiteJudgeModel: string | null | undefined, report: Report) {
  if (!SUPPORTED_CHECK_TYPES.includes(check.type)) return report(["type"], `unsupported check type "${check.type}"`);
  const base = check.type.startsWith("not-") ? check.type.slice(4) : check.type;
  const { value, threshold } = check;
  if (threshold !== undefined && threshold < 0) report(["threshold"], "must be 0 or more");
  const needsString = (what: string) => {
    if (typeof value !== "string" || value === "") report(["value"], `${base} needs ${what}`);
  };
  switch (base) {
    case "equals":
      if (value === undefined || value === null) report(["value"], "equals needs the expected value (text, number or JSON)");
      break;
    case "contains":
    case "icontains":
      if (!((typeof value === "string" && value !== "") || (typeof value === "number" && Number.isFinite(value)))) report(["value"], `${base} needs a non-empty string or number`);
      break;
    case "contains-any":
    case "contains-all": {
      const list = needleList(value);
      if (!list.ok) report(["value"], `${base} ${list.reason}`);
      else if (list.needles.length > MAX_VALUE_ITEMS) report(["value"], `${base} takes at most ${MAX_VALUE_ITEMS} values`);
      break;
    }
    case "regex": {
      needsString("a pattern string");
      if (typeof value === "string" && value !== "") {
        // The pattern that will run is the one with this case's {{vars}} filled in.
        const compiled = compileSafeRegex(renderTemplate(value, testCase.vars ?? {}));
        if (!compiled.ok) report(["value"], compiled.reason);
      }
      break;
    }
    case "starts-with":
      needsString("a non-empty string");
      break;
    case "is-json":
    case "contains-json":
      validateSchemaValue(base, value, report);
      break;
    case "is-valid-openai-tools-call":
      if (!testCase.tools || testCase.tools.length === 0) report(["type"], "is-valid-openai-tools-call needs the case to define tools");
      break;
    case "levenshtein":
      needsString("the expected string");
      if (typeof value === "string" && value.length > MAX_LEVENSHTEIN_VALUE_CHARS) report(["value"], `levenshtein's expected string is limited to ${MAX_LEVENSHTEIN_VALUE_CHARS} characters`);
      break;
    case "latency":
    case "cost":
      if (threshold === undefined) report(["threshold"], base === "latency" ? "latency needs a threshold (maximum milliseconds)" : "cost needs a threshold (maximum USD per request)");
      if (value !== undefined) report(["value"], `${base} reads its limit from threshold; value is not used`);
      break;
    case "llm-rubric":
      if (typeof value !== "string" || value.trim() === "") report(["value"], "llm-rubric needs the rubric text as its value");
      else if (value.length > MAX_RUBRIC_CHARS) report(["value"], `the rubric is limited to ${MAX_RUBRIC_CHARS} characters`);
      if (threshold !== undefined && threshold > 1) report(["threshold"], "llm-rubric's threshold is a score from 0 to 1");
      if (!check.provider && !suiteJudgeModel) report(["provider"], "llm-rubric needs a judge model: set the check's provider or the suite's judge model");
      break;
  }
  if (base !== "is-json" && base !== "contains-json") validateTemplates(value, testCase, report);
}

/** Every problem with the suite's checks, each with the path of the field at fault (empty when the checks are fine). */
export function validateSuiteChecks(definition: SuiteDefinition, options: ValidateSuiteChecksOptions = {}): SuiteCheckIssue[] {
  const issues: SuiteCheckIssue[] = [];
  definition.cases.forEach((testCase, caseIndex) => {
    // Tool parameter schemas are validated here too: is-valid-openai-tools-call compiles them.
    (testCase.tools ?? []).forEach((tool, toolIndex) => {
      if (tool.function.parameters === undefined) return;
      const compiled = compileJsonSchema(tool.function.parameters);
      if (!compiled.ok && issues.length < MAX_ISSUES) issues.push({ path: ["cases", caseIndex, "tools", toolIndex, "function", "parameters"], message: compiled.reason });
    });
    (testCase.checks ?? []).forEach((check, checkIndex) => {
      validateCheck(check, testCase, options.judgeModel, (field, message) => {
        if (issues.length < MAX_ISSUES) issues.push({ path: ["cases", caseIndex, "checks", checkIndex, ...field], message });
      });
    });
  });
  return issues;
}
