// promptfoo `assert` lists -> Tollgate checks. Only the assertion types
// Tollgate evaluates itself are accepted; code-running, network and
// model-graded types it does not implement are refused, by name.
import { SUPPORTED_CHECK_TYPES } from "../suite-schema";
import { schemaFromCheckValue } from "../checks/json-schema";
import type { ImportIssues, YamlPath } from "./yaml-source";

export interface ImportedCheck {
  check: Record<string, unknown>;
  path: YamlPath;
}

const CODE_TYPES = new Set(["javascript", "python", "ruby"]);
const ASSERTION_FIELDS = new Set(["type", "value", "threshold", "weight", "provider", "metric"]);

function refusalForType(type: string): string {
  const base = type.startsWith("not-") ? type.slice(4) : type;
  if (CODE_TYPES.has(base)) return `assertion type "${type}" is not supported (it would run arbitrary code)`;
  if (base === "webhook") return `assertion type "${type}" is not supported (it would send outputs to an external URL)`;
  if (base === "assert-set") return `assertion type "${type}" is not supported (assertion sets cannot be imported; list the assertions directly)`;
  if (SUPPORTED_CHECK_TYPES.includes(base)) return `assertion type "${type}" is not supported (latency, cost and llm-rubric cannot be negated)`;
  return `assertion type "${type}" is not supported; supported types: ${SUPPORTED_CHECK_TYPES.filter((t) => !t.startsWith("not-")).join(", ")} (each but latency, cost and llm-rubric also as not-<type>)`;
}

function refusalForField(field: string): string {
  if (field === "transform" || field === "contextTransform") return `assertion field "${field}" is not supported (it would run arbitrary code)`;
  if (field === "rubricPrompt") return `assertion field "${field}" is not supported (Tollgate grades llm-rubric with its own judge prompt)`;
  return `assertion field "${field}" is not supported (supported: ${[...ASSERTION_FIELDS].join(", ")})`;
}

function readAssertion(value: unknown, path: YamlPath, issues: ImportIssues): ImportedCheck | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.add(path, "each assertion must be a map with a type");
    return null;
  }
  const raw = value as Record<string, unknown>;
  if (typeof raw.type !== "string" || raw.type === "") {
    issues.add([...path, "type"], "the assertion has no type");
    return null;
  }
  if (!SUPPORTED_CHECK_TYPES.includes(raw.type)) {
    issues.add([...path, "type"], refusalForType(raw.type));
    return null;
  }
  let ok = true;
  for (const field of Object.keys(raw)) {
    if (!ASSERTION_FIELDS.has(field)) {
      issues.add([...path, field], refusalForField(field));
      ok = false;
    }
  }
  if (raw.provider !== undefined && typeof raw.provider !== "string") {
    issues.add([...path, "provider"], "the assertion's provider must be a model name (a string)");
    ok = false;
  }
  if (!ok) return null;
  const check: Record<string, unknown> = { ...raw };
  const base = raw.type.replace(/^not-/, "");
  // promptfoo accepts a JSON schema written as JSON or YAML text; keep it as the object it describes.
  if ((base === "is-json" || base === "contains-json") && typeof raw.value === "string" && raw.value.trim() !== "") {
    const schema = schemaFromCheckValue(raw.value);
    if (!schema.ok) {
      issues.add([...path, "value"], schema.reason);
      return null;
    }
    check.value = schema.schema;
  }
  return { check, path };
}

export function readAssertions(value: unknown, path: YamlPath, issues: ImportIssues): ImportedCheck[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(path, "assert must be a list of assertions");
    return [];
  }
  return value.flatMap((item, i) => readAssertion(item, [...path, i], issues) ?? []);
}
