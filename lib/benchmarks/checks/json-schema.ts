// JSON Schema validation (contains-json, is-json, tool arguments) with ajv,
// hardened for schemas from suites: bounded size and depth, `pattern` run by
// RE2 (linear time), no remote $ref, no async schemas, and each distinct
// schema compiled once (cached by its JSON text, bounded).
import Ajv, { type ValidateFunction } from "ajv";
import { parse as parseYaml } from "yaml";
import { RE2JS } from "re2js";
import { MAX_JSON_DEPTH, valueDepth } from "./json-values";

export const MAX_SCHEMA_CHARS = 64_000;
export const MAX_SCHEMA_DEPTH = 32;
const CACHE_LIMIT = 500;

export type SchemaValidator = (data: unknown) => { valid: boolean; errors: string };
export type CompiledSchema = { ok: true; validate: SchemaValidator } | { ok: false; reason: string };

// ajv calls this for `pattern` / `patternProperties`; RE2 keeps validation linear in the input.
// ajv shares compiled patterns within an instance keyed by toString(): it must name the pattern,
// or every pattern would be taken for the first one compiled.
const re2Engine = Object.assign(
  (pattern: string, flags: string) => {
    const regex = RE2JS.compile(RE2JS.translateRegExp(pattern));
    return { test: (s: string) => regex.test(s), toString: () => `/${pattern}/${flags}` };
  },
  { code: "re2js" },
);

const re2Format = (pattern: string) => {
  const regex = RE2JS.compile(pattern);
  return (s: string) => regex.test(s);
};

function createAjv() {
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false, addUsedSchema: false, code: { regExp: re2Engine } });
  // A few common formats, matched by RE2 (ajv-formats is not a dependency); other formats are ignored, as with strict: false.
  ajv.addFormat("date", re2Format("^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$"));
  ajv.addFormat("time", re2Format("^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?(Z|[+-]([01]\\d|2[0-3]):?[0-5]\\d)?$"));
  ajv.addFormat("date-time", re2Format("^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])[Tt ]([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?(Z|z|[+-]([01]\\d|2[0-3]):?[0-5]\\d)?$"));
  ajv.addFormat("email", re2Format("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$"));
  ajv.addFormat("uri", re2Format("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*$"));
  ajv.addFormat("uuid", re2Format("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"));
  return ajv;
}

let ajv: Ajv | null = null;
const cache = new Map<string, CompiledSchema>();

function hasAsyncKeyword(value: unknown, depth = 0): boolean {
  if (typeof value !== "object" || value === null || depth > MAX_JSON_DEPTH) return false;
  if (!Array.isArray(value) && Object.hasOwn(value, "$async")) return true;
  return Object.values(value).some((child) => hasAsyncKeyword(child, depth + 1));
}

function compileNow(schema: unknown, key: string): CompiledSchema {
  if (key.length > MAX_SCHEMA_CHARS) return { ok: false, reason: `the JSON schema is ${key.length} characters; the limit is ${MAX_SCHEMA_CHARS}` };
  if (valueDepth(schema) > MAX_SCHEMA_DEPTH) return { ok: false, reason: `the JSON schema nests deeper than ${MAX_SCHEMA_DEPTH} levels` };
  if (typeof schema !== "boolean" && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
    return { ok: false, reason: "a JSON schema must be an object (or true/false)" };
  }
  // An async schema makes ajv return a promise, which would read as "valid".
  if (hasAsyncKeyword(schema)) return { ok: false, reason: "async schemas ($async) are not supported" };
  ajv ??= createAjv();
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    return { ok: false, reason: `invalid JSON schema: ${e instanceof Error ? e.message : String(e)}` };
  }
  const instance = ajv;
  return {
    ok: true,
    validate: (data) => {
      const valid = validate(data) === true;
      return { valid, errors: valid ? "" : instance.errorsText(validate.errors, { dataVar: "value" }) };
    },
  };
}

/** Compiles a JSON schema (an object or boolean), once per distinct schema. */
export function compileJsonSchema(schema: unknown): CompiledSchema {
  let key: string;
  try {
    key = JSON.stringify(schema) ?? "undefined";
  } catch {
    return { ok: false, reason: "the JSON schema is not plain JSON" };
  }
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compileNow(schema, key);
    if (cache.size >= CACHE_LIMIT) {
      cache.clear();
      ajv = null; // a fresh instance also drops ajv's own per-schema cache
    }
    cache.set(key, compiled);
  }
  return compiled;
}

/** A check value as a schema: promptfoo also accepts the schema written as JSON or YAML text. */
export function schemaFromCheckValue(value: unknown): { ok: true; schema: unknown } | { ok: false; reason: string } {
  if (typeof value !== "string") return { ok: true, schema: value };
  if (value.length > MAX_SCHEMA_CHARS) return { ok: false, reason: `the JSON schema is ${value.length} characters; the limit is ${MAX_SCHEMA_CHARS}` };
  try {
    return { ok: true, schema: parseYaml(value, { maxAliasCount: 20 }) as unknown };
  } catch (e) {
    return { ok: false, reason: `the JSON schema text is neither JSON nor YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` };
  }
}
