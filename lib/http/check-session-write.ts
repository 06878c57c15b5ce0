// CSRF rule for the management API: a state-changing request that would be
// authenticated by the session cookie (no Authorization header) is accepted
// only from the app's own origin and, when it has a body, only as JSON. A
// cross-site form or text/plain fetch carries the cookie but cannot pass:
// browsers send Origin / Sec-Fetch-Site on such requests and cannot set a
// JSON content type without a preflight. Calls with a well-formed management
// token (`Bearer tgm_...`) are not affected; any other Authorization header is
// checked like a cookie call (it authenticates nothing, but is no exemption).
import { readManagementBearer } from "../auth/read-management-bearer";
import { AppError } from "./app-error";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface SessionWriteRequest {
  method: string;
  headers: Headers;
  /** The app's public URL (NEXTAUTH_URL), when configured. */
  appUrl?: string;
}

export function checkSessionWrite({ method, headers, appUrl }: SessionWriteRequest): void {
  if (SAFE_METHODS.has(method.toUpperCase()) || readManagementBearer(headers.get("authorization")) !== null) return;
  const fetchSite = headers.get("sec-fetch-site");
  const origin = headers.get("origin");
  if (fetchSite !== null && fetchSite !== "same-origin") throw crossSite(`Sec-Fetch-Site: ${fetchSite}`);
  if (origin !== null && !isOwnOrigin(origin, headers.get("host"), appUrl)) throw crossSite(`Origin: ${origin}`);
  if (origin === null && fetchSite === null) throw crossSite("no Origin header");
  if (hasBody(headers) && !isJson(headers.get("content-type"))) {
    throw new AppError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json)");
  }
}

function crossSite(seen: string): AppError {
  return new AppError("forbidden", `Cross-site request refused (${seen}): changes with a session cookie must come from this app's pages; scripts use a management token`);
}

export function isOwnOrigin(origin: string, host: string | null, appUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  if (appUrl && parsed.origin === new URL(appUrl).origin) return true;
  return host !== null && parsed.host === host.toLowerCase();
}

function hasBody(headers: Headers): boolean {
  const length = headers.get("content-length");
  return headers.has("transfer-encoding") || (length !== null && length !== "0");
}

function isJson(contentType: string | null): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json" || (type?.startsWith("application/") === true && type.endsWith("+json"));
}
