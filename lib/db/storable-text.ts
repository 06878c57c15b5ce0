// Postgres `text` and `jsonb` cannot hold NUL (22P05) or unpaired UTF-16
// surrogates (22P02 once they reach jsonb as \ud800 escapes). Strings a
// client controls are made storable before they travel toward Postgres, so
// one odd `user` field can never fail a batch of other people's usage.

const REPLACEMENT = "\uFFFD";

/** NUL and lone surrogates become U+FFFD; at most `maxLength` UTF-16 units, never cutting a surrogate pair in half. */
export function storableText(value: string, maxLength = Number.POSITIVE_INFINITY): string {
  let text = value.includes("\u0000") ? value.replaceAll("\u0000", REPLACEMENT) : value;
  if (!text.isWellFormed()) text = text.toWellFormed();
  if (text.length <= maxLength) return text;
  let cut = Math.max(0, Math.floor(maxLength));
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // a high surrogate whose pair would be cut off
  return text.slice(0, cut);
}

/** True when Postgres can store the string as it is. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && value.isWellFormed();
}
