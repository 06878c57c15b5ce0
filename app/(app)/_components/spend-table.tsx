// A breakdown (by project, model, key, tag or tier) as a sortable, exportable table.
import type { SpendGroup } from "@/lib/dashboard/get-spend-overview";
import { DataTable, type Column } from "./data-table";

const LABELS = { project: "Project", model: "Model", key: "API key", tag: "Tag", tier: "Tier" } as const;

export function SpendTable(props: { dimension: keyof typeof LABELS; groups: SpendGroup[]; caption: string; link?: (g: SpendGroup) => string | null; showPrevious?: boolean }) {
  const columns: Column[] = [
    { key: "label", label: LABELS[props.dimension], kind: props.dimension === "tier" ? "tier" : "text", linkKey: props.link ? "href" : undefined },
    { key: "requests", label: "Requests", kind: "count" },
    { key: "inputTokens", label: "Input tokens", kind: "tokens" },
    { key: "outputTokens", label: "Output tokens", kind: "tokens" },
    { key: "costUsd", label: "Spend (USD)", kind: "usd", usdSet: "spend" },
    ...(props.showPrevious === false ? [] : [
      { key: "previousCostUsd", label: "Previous period", kind: "usd" as const, usdSet: "spend" },
      { key: "changeUsd", label: "Change", kind: "change" as const, usdSet: "spend", changeOf: { current: "currentCostUsd", previous: "previousCostUsd" } },
    ]),
    { key: "unpricedRequests", label: "Unpriced requests", kind: "count" },
  ];
  const rows = props.groups.map((g) => ({
    label: g.label, href: props.link?.(g) ?? null, requests: g.requests, inputTokens: g.inputTokens, outputTokens: g.outputTokens,
    // Wholly unpriced groups show "unpriced", never $0.
    costUsd: g.requests > 0 && g.unpricedRequests === g.requests ? null : g.costUsd,
    previousCostUsd: g.previousCostUsd, changeUsd: g.changeUsd, unpricedRequests: g.unpricedRequests,
    // The change's percentage is against the priced spend (costUsd above may read "unpriced").
    currentCostUsd: g.costUsd,
  }));
  return <DataTable columns={columns} rows={rows} caption={props.caption} csvName={`tollgate-${props.caption.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`} testId={`by-${props.dimension}`} initialSort={{ key: "costUsd", desc: true }} />;
}
