// What a client's Cache-Control header lets the response cache do with its
// request. As in HTTP: `no-store` keeps the cache out entirely (no answer
// from it, nothing put into it: the client may be sending something it does
// not want kept); `no-cache` (or `max-age=0`) asks for a fresh answer, which
// may then be stored for the next caller. Anything else, or no header, allows both.

export interface CacheControl {
  /** May the request be answered from the cache? */
  lookup: boolean;
  /** May its answer be stored? */
  store: boolean;
}

export function readCacheControl(header: string | readonly string[] | undefined): CacheControl {
  const joined = typeof header === "string" ? header : (header ?? []).join(",");
  const directives = joined
    .toLowerCase()
    .split(",")
    .map((d) => d.trim().replace(/\s*=\s*/, "="));
  if (directives.includes("no-store")) return { lookup: false, store: false };
  if (directives.some((d) => d === "no-cache" || d.startsWith("no-cache=") || /^max-age="?0+"?$/.test(d))) return { lookup: false, store: true };
  return { lookup: true, store: true };
}
