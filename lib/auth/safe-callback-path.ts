// Where to go after sign-in: a path on this site, never another origin.
// Browsers read `/\evil.example` and `/\t/evil.example` (tabs and newlines
// are dropped) as `//evil.example`, so the raw string is not trusted: it is
// resolved against a placeholder origin and must stay on it, with no
// backslash or control character anywhere.
const PLACEHOLDER = "http://tollgate.invalid";

export function safeCallbackPath(raw: string | null | undefined, fallback = "/"): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(raw)) return fallback;
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
