// is-json (the whole output is JSON, optionally matching a schema) and
// contains-json (some JSON object or array in the output, bare, fenced or in
// prose, matches the schema when one is given), with promptfoo's semantics.
import { checkError, verdict, type CheckVerdict } from "./check-types";
import { compileJsonSchema, schemaFromCheckValue, type SchemaValidator } from "./json-schema";
import { extractJsonValues, parseJsonBounded } from "./json-values";

const hasSchema = (value: unknown) => value !== undefined && value !== null && value !== "";

/** The validator for an optional schema value: null when there is none. */
export function optionalSchemaValidator(type: string, value: unknown): { ok: true; validate: SchemaValidator | null } | { ok: false; reason: string } {
  if (!hasSchema(value)) return { ok: true, validate: null };
  const schema = schemaFromCheckValue(value);
  if (!schema.ok) return { ok: false, reason: `${type}: ${schema.reason}` };
  const compiled = compileJsonSchema(schema.schema);
  if (!compiled.ok) return { ok: false, reason: `${type}: ${compiled.reason}` };
  return { ok: true, validate: compiled.validate };
}

export function checkIsJson(output: string, value: unknown): CheckVerdict {
  const schema = optionalSchemaValidator("is-json", value);
  if (!schema.ok) return checkError(schema.reason);
  const parsed = parseJsonBounded(output);
  if (!parsed.ok) return verdict(false, `output is not valid JSON (${parsed.reason})`);
  if (!schema.validate) return verdict(true, "output is valid JSON");
  const result = schema.validate(parsed.value);
  return verdict(result.valid, result.valid ? "output is JSON that matches the schema" : `output is JSON but does not match the schema: ${result.errors}`);
}

export function checkContainsJson(output: string, value: unknown): CheckVerdict {
  const schema = optionalSchemaValidator("contains-json", value);
  if (!schema.ok) return checkError(schema.reason);
  const found = extractJsonValues(output);
  if (found.length === 0) return verdict(false, "output contains no JSON object or array");
  if (!schema.validate) return verdict(true, `output contains JSON (${found.length} value${found.length > 1 ? "s" : ""})`);
  let lastErrors = "";
  for (const candidate of found) {
    const result = schema.validate(candidate);
    if (result.valid) return verdict(true, "output contains JSON that matches the schema");
    lastErrors = result.errors;
  }
  return verdict(false, `output contains JSON, but none of it matches the schema: ${lastErrors}`);
}
