// Postgres array literals ('{"a","b",NULL}'), for sending a column of values as one parameter
// (`$1::text[]`, unnested server-side). Every element is double-quoted, so only `\` and `"` need
// escaping: commas, braces, spaces, newlines and the text NULL are then literal (Postgres docs, 8.15.6).
// Written here rather than through node-postgres's own array encoding, which escapes every element
// with two regex replaces: for the usage ingest's columns it cost twice the worker CPU (BENCHMARKS.md).

const NEEDS_ESCAPE = /[\\"]/;
const ESCAPED = /[\\"]/g;

/** One element: NULL for null, otherwise the text double-quoted. */
export function arrayElement(text: string | null): string {
  if (text === null) return "NULL";
  return NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPED, "\\$&")}"` : `"${text}"`;
}

/** An integer element: NULL for null. The caller passes integers (validated upstream), which need no quoting. */
export function integerElement(value: number | null): string {
  return value === null ? "NULL" : String(value);
}

/** A one-dimensional text[] literal of the values. */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) out += (i ? "," : "") + arrayElement(values[i] ?? null);
  return `${out}}`;
}
