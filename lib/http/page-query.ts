/** A page's search params as plain strings, empty ones dropped (what the list queries' zod schemas parse). */
export function pageQuery(searchParams: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(searchParams).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
}
