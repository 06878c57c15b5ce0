// x-tollgate-tags: "team:search, feature:rerank" -> ["team:search", "feature:rerank"].
// Invalid tags are dropped rather than failing the call: tags are metadata.
// No imports: the API keys page validates fixed tags with the same alphabet.

/** A tag: up to 64 letters, digits and _ . : / -, starting with a letter or digit. */
export const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:\/-]{0,63}$/;
/** Tags on one request: the usage event (lib/usage/usage-event-schema.ts) stores at most this many. */
export const MAX_TAGS = 20;

export function parseTags(header: string | string[] | undefined): string[] {
  const raw = Array.isArray(header) ? header.join(",") : (header ?? "");
  const tags = new Set<string>();
  for (const part of raw.split(",")) {
    const tag = part.trim();
    if (TAG_PATTERN.test(tag)) tags.add(tag);
    if (tags.size >= MAX_TAGS) break;
  }
  return [...tags];
}
