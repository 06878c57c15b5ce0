// x-tollgate-tags: "team:search, feature:rerank" -> ["team:search", "feature:rerank"].
// Invalid tags are dropped rather than failing the call: tags are metadata.
const TAG = /^[A-Za-z0-9][A-Za-z0-9_.:\/-]{0,63}$/;

export function parseTags(header: string | string[] | undefined): string[] {
  const raw = Array.isArray(header) ? header.join(",") : (header ?? "");
  const tags = new Set<string>();
  for (const part of raw.split(",")) {
    const tag = part.trim();
    if (TAG.test(tag)) tags.add(tag);
    if (tags.size >= 20) break;
  }
  return [...tags];
}
