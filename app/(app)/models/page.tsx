import { ALL_ROLES, CATALOG_EDITORS, ORG_ADMINS, ORG_WIDE_ROLES, PRICE_EDITORS } from "@/lib/auth/principal";
import { latestPriceImport } from "@/lib/catalog/public-prices/io/list-price-imports";
import { priceImportView } from "@/lib/catalog/public-prices/price-import-view";
import { listUncataloguedModels } from "@/lib/catalog/list-uncatalogued-models";
import { listModels } from "@/lib/catalog/manage-models";
import { latestHardwarePrices } from "@/lib/benchmarks/latest-hardware-prices";
import { listProviders } from "@/lib/catalog/manage-providers";
import { getDb } from "@/lib/db";
import { formatHardwareCost } from "@/lib/format/format-hardware-cost";
import { formatNumber } from "@/lib/format/format-number";
import { withPage } from "@/lib/http/with-page";
import { formatPriceSince } from "@/lib/format/format-price-since";
import { ModelsTable, type ModelTableEntry } from "./models-table";
import { AddPriceForm, CreateModelForm, ImportPriceBookForm } from "./price-forms";
import { PriceImportSection } from "./price-import-section";
import { DataTable, type Column } from "../_components/data-table";

export const dynamic = "force-dynamic";

const UNCATALOGUED_COLUMNS: Column[] = [
  { key: "alias", label: "Model" }, { key: "requests", label: "Requests", kind: "count" }, { key: "unpriced", label: "Unpriced", kind: "count" }, { key: "lastDay", label: "Last seen" },
];

export default withPage(ALL_ROLES, async ({ principal }) => {
  const [models, providers, uncatalogued] = await Promise.all([listModels(getDb(), principal), listProviders(getDb(), principal), listUncataloguedModels(getDb(), principal)]);
  const measured = await latestHardwarePrices(getDb(), principal, models.filter((m) => m.isLocal).map((m) => m.alias));
  const unpriced = models.filter((m) => !m.currentPrice);
  const canEdit = PRICE_EDITORS.includes(principal.role);
  const canAddModels = CATALOG_EDITORS.includes(principal.role);
  const priceImport = ORG_WIDE_ROLES.includes(principal.role) ? await latestPriceImport(getDb(), principal) : undefined;
  const importView = priceImport ? priceImportView(priceImport) : { pending: null, last: null };
  const tableEntries: ModelTableEntry[] = models.map((m) => {
    const since = m.currentPrice ? formatPriceSince(m.currentPrice.effectiveFrom, m.currentPrice.source) : null;
    const measuredPrice = measured.get(m.alias);
    return {
      id: m.id, alias: m.alias, effectiveTier: m.effectiveTier, tierOverride: m.tierOverride, priceVersions: m.priceVersions,
      price: m.currentPrice && since
        ? {
          input: m.currentPrice.input, cachedInput: m.currentPrice.cachedInput, cacheWrite: m.currentPrice.cacheWrite, output: m.currentPrice.output, reasoning: m.currentPrice.reasoning,
          sinceDay: m.currentPrice.effectiveFrom.toISOString().slice(0, 10), sinceLabel: since.label, sinceExplanation: since.explanation,
        }
        : null,
      deployments: m.deployments.map((d) => ({ id: d.id, provider: d.provider.name, upstreamModel: d.upstreamModel, hardware: formatHardwareCost(d.hourlyCostUsd, d.expectedUtilisation) })),
      measured: measuredPrice
        ? {
          outputPerMTokUsd: measuredPrice.outputPerMTokUsd, outputTokensPerSec: formatNumber(Math.round(measuredPrice.outputTokensPerSec)),
          runId: measuredPrice.runId, day: measuredPrice.finishedAt?.toISOString().slice(0, 10) ?? null,
        }
        : null,
    };
  });
  return (
    <>
      <h1>Models and prices</h1>
      <p className="text-muted-foreground">
        Prices in USD per 1M tokens. A request is priced with the version in effect when it ran; a model without a price is metered as <strong>unpriced</strong>, never $0.
        Tier comes from the blended price (3 input : 1 output): at least $15 premium, at least $3 mid, else economy, unless overridden.{" "}
        <a href="/api/manage/v1/prices" download>Export the price book (JSON)</a>
      </p>
      <section className="card">
        <ModelsTable models={tableEntries} canEdit={canEdit} />
      </section>
      {unpriced.length > 0 && (
        <p className="warn" role="note" data-testid="unpriced-models">
          {unpriced.length === 1 ? "1 model has" : `${unpriced.length} models have`} no price: {unpriced.map((m) => m.alias).join(", ")}. Their requests are metered as unpriced until a price version is added.
        </p>
      )}
      {priceImport !== undefined && <PriceImportSection key={importView.pending?.id ?? "none"} canDecide={ORG_ADMINS.includes(principal.role)} {...importView} />}
      {uncatalogued.length > 0 && (
        <section className="card" style={{ marginTop: 16 }} aria-labelledby="uncatalogued-title" data-testid="uncatalogued-models">
          <h2 id="uncatalogued-title">In usage, not in the catalog (last 30 days)</h2>
          <p className="text-muted-foreground">Usage reported for these models (e.g. ingested from outside the proxy) is unpriced. Add the model below with the same alias to price it.</p>
          <DataTable columns={UNCATALOGUED_COLUMNS} rows={uncatalogued.map((m) => ({ alias: m.alias, requests: m.requests, unpriced: m.unpricedRequests, lastDay: m.lastDay }))}
            caption="Models in usage, not in the catalog" csvName="uncatalogued-models" initialSort={{ key: "requests", desc: true }} />
        </section>
      )}
      {canAddModels && (
        <section className="card" style={{ marginTop: 16, maxWidth: 560 }} aria-labelledby="add-model">
          <h2 id="add-model">Add a model</h2>
          <CreateModelForm providers={providers.map((p) => ({ id: p.id, name: p.name }))} canPrice={canEdit} />
        </section>
      )}
      {canEdit && (
        <div className="grid" style={{ marginTop: 16 }}>
          <section className="card" aria-labelledby="add-price">
            <h2 id="add-price">Add a price version</h2>
            <AddPriceForm models={models.map((m) => ({ id: m.id, alias: m.alias, unpriced: !m.currentPrice }))} />
          </section>
          <section className="card" aria-labelledby="import-prices">
            <h2 id="import-prices">Import a price book</h2>
            <ImportPriceBookForm />
          </section>
        </div>
      )}
    </>
  );
});

