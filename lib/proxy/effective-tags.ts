// The tags a request carries: the key's fixed tags, then the caller's
// x-tollgate-tags. Budgets, rate limits and routing rules match on tags, so a
// tag an admin fixed on a key must hold whatever the caller sends:
// - fixed tags are always present, first, in their stored order;
// - header tags follow, deduplicated, in the caller's order;
// - a header tag that names a fixed tag's key with another value is dropped
//   (fixed "team:search" reserves the key "team": header "team:ads" would let
//   the caller claim a second team's budget or route). The key is the text
//   before the first ":", compared case-insensitively so "Team:ads" cannot
//   pass for a different team; a tag without ":" has no key, so a fixed one
//   reserves nothing and a header one claims nothing;
// - at most MAX_TAGS in all; header tags are the ones dropped (fixed tags are
//   limited to MAX_FIXED_TAGS when saved, well under MAX_TAGS).
import { MAX_TAGS } from "./parse-tags";

/** `headerTags` as parseTags returns them; `fixedTags` as stored on the key. */
export function effectiveTags(headerTags: readonly string[], fixedTags: readonly string[]): string[] {
  const tags = new Set<string>();
  const reservedKeys = new Set<string>();
  for (const tag of fixedTags) {
    if (tags.size >= MAX_TAGS) break;
    tags.add(tag);
    const key = tagKey(tag);
    if (key !== null) reservedKeys.add(key);
  }
  for (const tag of headerTags) {
    if (tags.size >= MAX_TAGS) break;
    const key = tagKey(tag);
    if (key !== null && reservedKeys.has(key)) continue; // the fixed tag itself is already in; any other value is refused
    tags.add(tag);
  }
  return [...tags];
}

/** "team:search" -> "team"; a tag without ":" has no key. */
function tagKey(tag: string): string | null {
  const colon = tag.indexOf(":");
  return colon > 0 ? tag.slice(0, colon).toLowerCase() : null;
}
