"use client";

// "Public price updates": the pending import the daily check proposed from the
// public price dataset (GET /prices/imports/{id}), with its provenance, for
// owners and admins to apply (all or the picked rows) or dismiss; finance sees
// it read-only. Imported models are priced only: no deployment, so never
// routed, but what-if candidates.
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useApiSubmit } from "../_components/api-form";
import { DataTable, type CellRenderers, type Column, type Row } from "../_components/data-table";

export interface ImportRowView {
  alias: string;
  provider: string;
  status: "new" | "changed" | "hand-priced";
  /** The org's price in effect at the check (changed, hand-priced). */
  current: string | null;
  /** What applying writes (new: the latest of its versions; changed: the new version); hand-priced: the dataset's price, not written. */
  proposed: string | null;
  versions: number;
  contextWindow: number | null;
  notCarried: string;
}

export interface PriceImportSectionProps {
  canDecide: boolean;
  pending: null | { id: string; source: string; reviewedSource: string; createdAt: string; createdBy: string; counts: Record<string, number>; rows: ImportRowView[]; skipped: { alias: string; provider: string; reason: string }[] };
  last: null | { status: string; source: string; decidedAt: string | null; decidedBy: string | null; applied: number };
}

const STATUS_LABEL = { new: "new model", changed: "price changed", "hand-priced": "priced by you (kept)" } as const;
type Show = "writable" | "new" | "changed" | "hand-priced";

export function PriceImportSection({ canDecide, pending, last }: PriceImportSectionProps) {
  const { submit, error, pending: busy } = useApiSubmit();
  const [picked, setPicked] = useState<Set<string>>(() => new Set(pending?.rows.filter((r) => r.status === "changed").map((r) => r.alias)));
  const [show, setShow] = useState<Show>("writable");
  const [text, setText] = useState("");

  async function checkNow() {
    const data = await submit("POST", "/api/manage/v1/prices/imports/check");
    if (!data) return;
    const said = { created: "New public prices to review", "already-pending": "No change since the pending import", "already-decided": "Nothing new since the last import you decided", "nothing-to-import": "Your price book agrees with the public dataset" } as const;
    toast.success(said[data.outcome as keyof typeof said] ?? "Checked");
  }
  async function decide(action: "apply" | "dismiss", aliases?: string[]) {
    const data = await submit("POST", `/api/manage/v1/prices/imports/${pending!.id}/${action}`, action === "apply" ? (aliases ? { aliases } : {}) : undefined);
    if (!data) return;
    if (action === "dismiss") return void toast.success("Public price update dismissed: your price book is unchanged");
    const [created, updated] = [Number(data.created), Number(data.updated)];
    toast.success(`Imported: ${created} ${created === 1 ? "model" : "models"} added (priced only, not routable), ${updated} ${updated === 1 ? "price" : "prices"} updated`);
  }

  const shown = useMemo(() => (pending?.rows ?? []).filter((r) => {
    if (show === "writable" ? r.status === "hand-priced" : r.status !== show) return false;
    const q = text.trim().toLowerCase();
    return !q || r.alias.toLowerCase().includes(q) || r.provider.includes(q);
  }), [pending, show, text]);

  const toggle = (alias: string) => setPicked((s) => { const next = new Set(s); if (next.has(alias)) next.delete(alias); else next.add(alias); return next; });
  const columns: Column[] = [
    ...(canDecide ? [{ key: "pick", label: "Import" }] : []),
    { key: "alias", label: "Model" }, { key: "provider", label: "Provider" }, { key: "status", label: "Change" },
    { key: "current", label: "Yours now (in / out per 1M)" }, { key: "proposed", label: "Dataset (in / out per 1M)" },
    { key: "versions", label: "Dated versions", kind: "count" }, { key: "contextWindow", label: "Context", kind: "tokens" }, { key: "notCarried", label: "Not carried" },
  ];
  const rows: Row[] = shown.map((r) => ({ pick: r.alias, alias: r.alias, provider: r.provider, status: r.status, current: r.current, proposed: r.proposed, versions: r.versions, contextWindow: r.contextWindow, notCarried: r.notCarried || null }));
  const byAlias = new Map(shown.map((r) => [r.alias, r]));
  const cells: CellRenderers = {
    pick: (row) => {
      const r = byAlias.get(String(row.alias))!;
      return r.status === "hand-priced" ? <span className="text-xs text-muted-foreground">kept</span> : <input type="checkbox" aria-label={`Import ${r.alias}`} checked={picked.has(r.alias)} onChange={() => toggle(r.alias)} />;
    },
    alias: (_row, content) => <code className="text-xs">{content}</code>,
    status: (row) => {
      const s = byAlias.get(String(row.alias))!.status;
      return <Badge variant={s === "new" ? "primary" : s === "changed" ? "warn" : "neutral"}>{STATUS_LABEL[s]}</Badge>;
    },
    current: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
    proposed: (_row, content) => <span className="whitespace-nowrap tabular-nums">{content}</span>,
  };

  return (
    <section className="card" style={{ marginTop: 16 }} aria-labelledby="public-price-updates" data-testid="public-price-updates">
      <h2 id="public-price-updates">Public price updates</h2>
      <p className="text-muted-foreground">
        Every day Tollgate compares your price book with a public price dataset shipped as an npm package. Models you have not configured come in <strong>priced only, not routable</strong> (no deployment): what-if candidates.
        A price the dataset gave you that has moved gets a new version from the moment you apply; prices you set yourself and local models are never overwritten.
      </p>
      {pending ? (
        <>
          <p className="text-sm" data-testid="price-import-provenance">
            <Badge variant="warn">pending review</Badge> From <code>{pending.source}</code>, checked {pending.createdAt.slice(0, 16).replace("T", " ")} UTC by {pending.createdBy === "system" ? "the daily check" : pending.createdBy}:{" "}
            <strong>{pending.counts.new ?? 0}</strong> new, <strong>{pending.counts.changed ?? 0}</strong> changed, {pending.counts.unchanged ?? 0} unchanged, {pending.counts["hand-priced"] ?? 0} priced by you and different (kept), {pending.counts.skipped ?? 0} skipped.
            Prices are written with the source <code>{pending.source} (imported &lt;date of apply&gt;)</code>.
          </p>
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
            <label>Show{" "}
              <select value={show} onChange={(e) => setShow(e.target.value as Show)} aria-label="Rows to show">
                <option value="writable">new and changed</option><option value="new">new only</option><option value="changed">changed only</option><option value="hand-priced">priced by you (conflicts)</option>
              </select>
            </label>
            <label>Filter <input value={text} onChange={(e) => setText(e.target.value)} placeholder="gpt-5, anthropic…" /></label>
            {canDecide && (
              <>
                <Button variant="ghost" size="sm" onClick={() => setPicked((s) => new Set([...s, ...shown.filter((r) => r.status !== "hand-priced").map((r) => r.alias)]))}>Pick all shown</Button>
                <Button variant="ghost" size="sm" onClick={() => setPicked(new Set())}>Pick none</Button>
              </>
            )}
          </div>
          <DataTable columns={columns} rows={rows} caption="Public price updates" csvName="public-price-updates" testId="price-import-rows" cells={cells} empty="No rows match." />
          {pending.skipped.length > 0 && (
            <details className="mt-2 text-sm"><summary>{pending.skipped.length} models of the dataset skipped, with why</summary>
              <ul className="m-0 max-h-40 overflow-y-auto pl-5">{pending.skipped.map((s) => <li key={`${s.provider}:${s.alias}`}><code className="text-xs">{s.alias}</code> ({s.provider}): {s.reason}</li>)}</ul>
            </details>
          )}
          {canDecide ? (
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <Button disabled={busy || picked.size === 0} onClick={() => void decide("apply", [...picked])}>{`Apply ${picked.size} picked`}</Button>
              <Button variant="outline" disabled={busy} onClick={() => void decide("apply")}>Apply all new and changed</Button>
              <Button variant="ghost" disabled={busy} onClick={() => void decide("dismiss")}>Dismiss</Button>
            </div>
          ) : <p className="text-sm text-muted-foreground">An owner or admin applies or dismisses it.</p>}
        </>
      ) : (
        <p className="text-sm" data-testid="price-import-none">
          Nothing to review.{last ? ` The last update (${last.source}) was ${last.status}${last.decidedAt ? ` on ${last.decidedAt.slice(0, 10)}` : ""}${last.status === "applied" ? ` (${last.applied} ${last.applied === 1 ? "model" : "models"})` : ""}.` : ""}
        </p>
      )}
      {error && <p role="alert" className="text-sm text-destructive">{error}</p>}
      {canDecide && <Button variant="outline" size="sm" className="mt-2" disabled={busy} onClick={() => void checkNow()}>Check now</Button>}
    </section>
  );
}
