// How the audit log can be ordered, and the links that order it. Pure.
// Sorting is the server's (list-audit-log.ts), so it holds across pages:
// each order is a total order (the key, then the entry id), which keyset
// paging continues exactly from the last entry of a page. Entries of one
// actor or one action are newest first (id descending) in either order.
//   time  : when it happened (newest first by default);
//   actor : who, by the name the page shows (a user's "Name (email)" or
//           email, a token's name, else the logged actor id), A to Z;
//   action: the action id (budget.update, ...), A to Z.
// Not sortable: "What" (an entity's name comes from a dozen tables and from
// deleted entities' snapshots, resolved per page after the query, so the
// database cannot order by it without reading the whole log), and the
// before/after JSON.
export const AUDIT_SORTS = ["time", "actor", "action"] as const;
export type AuditSort = (typeof AUDIT_SORTS)[number];
export type AuditOrder = "asc" | "desc";

/** The order a sort takes when none is given: newest first for time, A to Z for names. */
export function defaultOrder(sort: AuditSort): AuditOrder {
  return sort === "time" ? "desc" : "asc";
}

/** The direction of the id that breaks ties: along the order for time, newest first for actor and action. */
export function tieBreakOrder(sort: AuditSort, order: AuditOrder): AuditOrder {
  return sort === "time" ? order : "desc";
}

/** The filters that stay when the order changes (the cursor does not: a new order starts on its first page). */
const KEPT = ["action", "entityType", "entityId", "actor", "from", "to", "limit"] as const;

/**
 * For each sort, the audit page's URL that orders by it, keeping the filters: the sort shown now
 * flips its order, another one starts in its default order.
 */
export function auditSortHrefs(query: Record<string, string>, current: { sort: AuditSort; order: AuditOrder }): Record<AuditSort, string> {
  const kept = KEPT.filter((k) => query[k] !== undefined).map((k) => [k, query[k]!] as [string, string]);
  const href = (sort: AuditSort) => {
    const order = sort === current.sort ? (current.order === "asc" ? "desc" : "asc") : defaultOrder(sort);
    const params = new URLSearchParams([...kept, ...(sort === "time" && order === "desc" ? [] : [["sort", sort], ["order", order]])]);
    const text = params.toString();
    return text ? `/audit?${text}` : "/audit";
  };
  return { time: href("time"), actor: href("actor"), action: href("action") };
}
