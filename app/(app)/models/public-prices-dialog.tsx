"use client";

// Review the public price dataset against the org's price book and write
// the picked new or changed rows (GET /prices/public, POST
// /prices/public/apply). Nothing is written until the admin picks and
// applies; hand-priced models are listed and never overwritten.
import { useState } from "react";
import { Globe } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { PublicPriceReview } from "@/lib/catalog/public-prices/io/public-price-book";
import { useApiSubmit } from "../_components/api-form";

type Entry = PublicPriceReview["entries"][number];

const rate = (e: Entry) => {
  const p = e.proposed.at(-1);
  return p ? `$${p.input} in · $${p.output} out${p.cachedInput ? ` · $${p.cachedInput} cached` : ""}` : "";
};

export function PublicPricesDialog() {
  const { submit, error, pending } = useApiSubmit();
  const [review, setReview] = useState<PublicPriceReview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState("");

  async function load() {
    setLoadError(null);
    const res = await fetch("/api/manage/v1/prices/public");
    const json = (await res.json().catch(() => ({}))) as { data?: PublicPriceReview; error?: { message?: string } };
    if (!res.ok || !json.data) return setLoadError(json.error?.message ?? `Could not read the dataset (${res.status})`);
    setReview(json.data);
    // Changed prices of models the dataset priced before are picked by default; new models are opt-in.
    setPicked(new Set(json.data.entries.filter((e) => e.status === "changed").map((e) => e.alias)));
  }

  async function apply() {
    const data = await submit("POST", "/api/manage/v1/prices/public/apply", { aliases: [...picked] });
    if (!data) return;
    const [created, updated] = [Number(data.created), Number(data.updated)];
    toast.success(`Price book from the public dataset: ${created} ${created === 1 ? "model" : "models"} added, ${updated} ${updated === 1 ? "price" : "prices"} updated`);
    await load();
  }

  const writable = review?.entries.filter((e) => (e.status === "new" || e.status === "changed") && (!filter || e.alias.includes(filter.trim()) || e.provider.includes(filter.trim()))) ?? [];
  const handPriced = review?.entries.filter((e) => e.status === "hand-priced") ?? [];
  const toggle = (alias: string) => setPicked((s) => { const next = new Set(s); if (next.has(alias)) next.delete(alias); else next.add(alias); return next; });

  return (
    <Dialog wide trigger={<Button variant="outline" onClick={() => { if (!review) void load(); }}><Globe aria-hidden />Public prices</Button>} title="Prices from the public dataset"
      description="Compare your price book with @pydantic/genai-prices (shipped with Tollgate): models you have not configured become priced what-if candidates (no deployment, so never routed), and prices the dataset gave you that have moved get a new version from now. Prices you set yourself are never overwritten.">
      {loadError && <p role="alert" className="text-sm text-destructive">{loadError}</p>}
      {!review && !loadError && <p className="text-muted-foreground">Reading the dataset…</p>}
      {review && (
        <div data-testid="public-prices">
          <p className="mt-0 text-sm">
            {review.source}: <strong>{review.counts.new}</strong> new, <strong>{review.counts.changed}</strong> changed, {review.counts.unchanged} unchanged, {review.counts["hand-priced"]} hand-priced (kept), {review.counts.skipped} skipped (tiered or time-of-day prices, duplicates; listed below).
          </p>
          <label className="mb-2 block text-sm">Filter <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="gpt-5, anthropic…" className="ml-1" /></label>
          <div className="max-h-80 overflow-y-auto rounded-md border border-border">
            <table className="w-full text-sm">
              <thead className="sticky top-0 bg-card"><tr><th scope="col"><span className="sr-only">Pick</span></th><th scope="col">Model</th><th scope="col">Provider</th><th scope="col">Change</th><th scope="col" className="text-right">Price per 1M tokens</th><th scope="col" className="text-right">Context</th></tr></thead>
              <tbody>
                {writable.map((e) => (
                  <tr key={e.alias}>
                    <td><input type="checkbox" aria-label={`Import ${e.alias}`} checked={picked.has(e.alias)} onChange={() => toggle(e.alias)} /></td>
                    <td><code className="text-xs">{e.alias}</code>{e.notCarried.length > 0 && <span className="block text-xs text-muted-foreground">not carried: {e.notCarried.join(", ")}</span>}</td>
                    <td>{e.provider}</td>
                    <td>{e.status === "new" ? "new model" : `was $${e.current?.input} in · $${e.current?.output} out`}</td>
                    <td className="text-right tabular-nums">{rate(e)}{e.proposed.length > 1 && <span className="block text-xs text-muted-foreground">{e.proposed.length} dated versions</span>}</td>
                    <td className="text-right tabular-nums">{e.contextWindow?.toLocaleString("en-US") ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {writable.length === 0 && <p className="m-2 text-sm text-muted-foreground">Nothing to import{filter ? " matches the filter" : ": your price book agrees with the dataset"}.</p>}
          </div>
          {handPriced.length > 0 && (
            <details className="mt-2 text-sm"><summary>{handPriced.length} hand-priced models differ from the dataset (kept as you set them)</summary>
              <ul className="m-0 pl-5">{handPriced.map((e) => <li key={e.alias}><code className="text-xs">{e.alias}</code>: yours ${e.current?.input} / ${e.current?.output}</li>)}</ul>
            </details>
          )}
          {review.skipped.length > 0 && (
            <details className="mt-1 text-sm"><summary>{review.skipped.length} skipped</summary>
              <ul className="m-0 max-h-40 overflow-y-auto pl-5">{review.skipped.map((s) => <li key={`${s.provider}:${s.alias}`}><code className="text-xs">{s.alias}</code> ({s.provider}): {s.reason}</li>)}</ul>
            </details>
          )}
          {error && <p role="alert" className="text-sm text-destructive">{error}</p>}
          <div className="mt-3 flex items-center gap-2">
            <Button disabled={pending || picked.size === 0} onClick={() => void apply()}>{pending ? "Importing…" : `Import ${picked.size} ${picked.size === 1 ? "model" : "models"}`}</Button>
            <Button variant="ghost" onClick={() => setPicked(new Set(writable.map((e) => e.alias)))}>Pick all shown</Button>
            <Button variant="ghost" onClick={() => setPicked(new Set())}>Pick none</Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
