// A signed-out browser asking for a page gets a real HTTP redirect to the
// sign-in page (307, as Next's redirect()) before Next renders anything:
// once Next streams a page, its redirect() can only be a meta refresh inside
// a 200. This looks only at whether a session cookie is present; whether the
// session is valid is still decided by the page guard (lib/http/with-page.tsx),
// which redirects as before when the cookie is stale or revoked.
import { safeCallbackPath } from "../auth/safe-callback-path";

// next-auth's session cookie, with the __Secure- prefix on HTTPS and ".0", ".1" when chunked.
const SESSION_COOKIE = /(?:^|;)\s*(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=[^;\s]/;

/** Where to send this request instead of rendering it, or null to let it through. */
export function signedOutRedirect(method: string | undefined, url: string | undefined, cookie: string | undefined): string | null {
  if (method !== "GET" && method !== "HEAD") return null;
  const path = url ?? "/";
  const pathname = path.split("?")[0]!;
  if (!isGuardedPage(pathname)) return null;
  if (cookie && SESSION_COOKIE.test(cookie)) return null;
  return `/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(path))}`;
}

// Every path is a signed-in page except the API (its own auth), Next's assets,
// the sign-in page, and files (a dot in the last segment: /favicon.ico, /icon.svg).
function isGuardedPage(pathname: string): boolean {
  if (pathname.startsWith("/api/") || pathname === "/api" || pathname.startsWith("/_next/")) return false;
  if (pathname === "/signin" || pathname.startsWith("/signin/")) return false;
  return !pathname.slice(pathname.lastIndexOf("/") + 1).includes(".");
}
