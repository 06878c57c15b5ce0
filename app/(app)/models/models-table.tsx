"use client";

// The catalog: one row per model alias with its tier (and, for price editors,
// the tier override), the price version in effect now (exact rates per 1M
// tokens, "as input" / "as output" where a rate falls back), since when (an
// undated public price says so instead of its stand-in date), how many
// versions it has and where it is deployed. Fits 1,280 px without cutting a
// column: headers, aliases and deployments wrap, the tier override goes under
// its badge when the column is narrow. Searchable client-side: the catalog is bounded (hundreds at most,
// even with every public model imported) and loaded whole by the page.
import { DataTable, type CellRenderers, type Column, type Row } from "../_components/data-table";
import { TierOverrideSelect } from "./price-forms";

export interface ModelTableEntry {
  id: string;
  alias: string;
  effectiveTier: string;
  tierOverride: string | null;
  price: null | { input: string; cachedInput: string | null; cacheWrite: string | null; output: string; reasoning: string | null; sinceDay: string; sinceLabel: string; sinceExplanation: string | null };
  priceVersions: number;
  deployments: { id: string; provider: string; upstreamModel: string; hardware: string | null }[];
  measured: null | { outputPerMTokUsd: string; outputTokensPerSec: string; runId: string; day: string | null };
}

const columns: Column[] = [
  { key: "alias", label: "Model" },
  { key: "tier", label: "Tier" },
  { key: "input", label: "Input", kind: "rate" },
  { key: "cachedInput", label: "Cached input", kind: "rate" },
  { key: "cacheWrite", label: "Cache write", kind: "rate" },
  { key: "output", label: "Output", kind: "rate" },
  { key: "reasoning", label: "Reasoning", kind: "rate" },
  { key: "since", label: "In effect since" },
  { key: "versions", label: "Versions", kind: "count" },
  { key: "deployments", label: "Deployments" },
];

// Wraps ("as output" over two lines) when the table is short of room: numeric cells do not wrap otherwise.
const muted = (text: string) => <span className="whitespace-normal text-muted-foreground">{text}</span>;

function deploymentsText(m: ModelTableEntry): string {
  if (m.deployments.length > 0) return m.deployments.map((d) => `${d.provider}/${d.upstreamModel}`).join(", ");
  return m.price ? "priced only, not routable" : "none";
}

export function ModelsTable({ models, canEdit }: { models: ModelTableEntry[]; canEdit: boolean }) {
  const byId = new Map(models.map((m) => [m.id, m]));
  const rows: Row[] = models.map((m) => ({
    id: m.id, alias: m.alias, tier: m.effectiveTier,
    input: m.price?.input ?? null, cachedInput: m.price?.cachedInput ?? null, cacheWrite: m.price?.cacheWrite ?? null, output: m.price?.output ?? null, reasoning: m.price?.reasoning ?? null,
    // The day sorts (the stand-in 2000-01-01 first, as the oldest); the cell shows the label.
    since: m.price?.sinceDay ?? null, versions: m.priceVersions, deployments: deploymentsText(m),
  }));
  const model = (row: Row) => byId.get(String(row.id))!;
  // A priced model's missing optional rate falls back (said in the cell); an unpriced model says so once, in its input cell.
  const rate = (key: string, as: string) => (row: Row, content: React.ReactNode) => (!model(row).price ? muted("–") : row[key] === null ? muted(`as ${as}`) : content);
  const cells: CellRenderers = {
    // Aliases and deployments wrap at their hyphens and slashes, not inside a word.
    alias: (_row, content) => <span className="[overflow-wrap:break-word]">{content}</span>,
    tier: (row, content) => (
      <div className="flex flex-wrap items-center gap-x-1.5 gap-y-1">
        {content}
        {canEdit && <TierOverrideSelect modelId={String(row.id)} alias={String(row.alias)} value={model(row).tierOverride} />}
      </div>
    ),
    input: (row, content) => (model(row).price ? content : <span className="warn">unpriced</span>),
    cachedInput: rate("cachedInput", "input"),
    cacheWrite: rate("cacheWrite", "input"),
    output: (row, content) => {
      const m = model(row);
      if (!m.price) return muted("–");
      return (
        <>
          {content}
          {m.measured && (
            <span className="block whitespace-normal text-xs text-muted-foreground" data-testid="measured-hardware-price">
              measured <a href={`/benchmarks/runs/${m.measured.runId}`}>{m.measured.outputPerMTokUsd}</a> at {m.measured.outputTokensPerSec} tok/s{m.measured.day ? ` (${m.measured.day})` : ""}
            </span>
          )}
        </>
      );
    },
    reasoning: rate("reasoning", "output"),
    since: (row) => {
      const p = model(row).price;
      if (!p) return canEdit ? muted("add a price version below") : muted("–");
      return p.sinceExplanation ? <span title={p.sinceExplanation}>{p.sinceLabel}</span> : <span className="whitespace-nowrap tabular-nums">{p.sinceLabel}</span>;
    },
    deployments: (row) => {
      const m = model(row);
      if (m.deployments.length === 0) {
        return m.price ? <span className="text-muted-foreground" title="A price and no deployment: a what-if candidate the proxy cannot serve">priced only, not routable</span> : muted("none");
      }
      return (
        <ul className="m-0 list-none p-0">
          {m.deployments.map((d) => (
            // "anywhere", not "break-word": only it lets the column shrink below its longest name, so the table fits its card at 1280
            // (no minimum width either: the e2e check "the models table fits its card" measures it).
            <li key={d.id} className="[overflow-wrap:anywhere]">
              {d.provider}/<wbr />{d.upstreamModel}
              {d.hardware && <span className="text-muted-foreground" data-testid="deployment-hardware-cost"> ({d.hardware})</span>}
            </li>
          ))}
        </ul>
      );
    },
  };
  return (
    <DataTable rowKey="id" columns={columns} rows={rows} caption="Models and prices (USD per 1M tokens)" csvName="models-and-prices" testId="models-table" cells={cells}
      initialSort={{ key: "alias", desc: false }} pageSize={100}
      empty={`No models yet.${canEdit ? " Add a provider first, then a model below: apps call it by its alias." : " An admin adds them."}`}
      filter={{ label: "Filter models", placeholder: "Model, tier or deployment", keys: ["alias", "tier", "deployments"], noun: "models" }} />
  );
}
