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
import { AddPriceForm, CreateModelForm, ImportPriceBookForm, TierOverrideSelect } from "./price-forms";
import { PriceImportSection } from "./price-import-section";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const [models, providers, uncatalogued] = await Promise.all([listModels(getDb(), principal), listProviders(getDb(), principal), listUncataloguedModels(getDb(), principal)]);
  const measured = await latestHardwarePrices(getDb(), principal, models.filter((m) => m.isLocal).map((m) => m.alias));
  const unpriced = models.filter((m) => !m.currentPrice);
  const canEdit = PRICE_EDITORS.includes(principal.role);
  const canAddModels = CATALOG_EDITORS.includes(principal.role);
  const priceImport = ORG_WIDE_ROLES.includes(principal.role) ? await latestPriceImport(getDb(), principal) : undefined;
  const importView = priceImport ? priceImportView(priceImport) : { pending: null, last: null };
  return (
    <>
      <h1>Models and prices</h1>
      <p className="text-muted-foreground">
        Prices in USD per 1M tokens. A request is priced with the version in effect when it ran; a model without a price is metered as <strong>unpriced</strong>, never $0.
        Tier comes from the blended price (3 input : 1 output): at least $15 premium, at least $3 mid, else economy, unless overridden.{" "}
        <a href="/api/manage/v1/prices" download>Export the price book (JSON)</a>
      </p>
      <section className="card">
        <Table data-testid="models-table">
          <THead>
            <Tr>
              <Th>Model</Th><Th>Tier</Th><Th numeric>Input</Th><Th numeric>Cached input</Th><Th numeric>Cache write</Th><Th numeric>Output</Th><Th numeric>Reasoning</Th><Th>In effect since</Th><Th numeric>Versions</Th><Th>Deployments</Th>
            </Tr>
          </THead>
          <TBody>
            {models.map((m) => (
              <Tr key={m.id}>
                <Td>{m.alias}</Td>
                <Td>
                  <span className={`tier tier-${m.effectiveTier}`}>{m.effectiveTier}</span>
                  {canEdit && <TierOverrideSelect modelId={m.id} alias={m.alias} value={m.tierOverride} />}
                </Td>
                {m.currentPrice ? (
                  <>
                    <Td numeric>{m.currentPrice.input}</Td>
                    <Td numeric>{m.currentPrice.cachedInput ?? <span className="text-muted-foreground">as input</span>}</Td>
                    <Td numeric>{m.currentPrice.cacheWrite ?? <span className="text-muted-foreground">as input</span>}</Td>
                    <Td numeric>
                      {m.currentPrice.output}
                      {measured.get(m.alias) && <MeasuredPrice price={measured.get(m.alias)!} />}
                    </Td>
                    <Td numeric>{m.currentPrice.reasoning ?? <span className="text-muted-foreground">as output</span>}</Td>
                    <Td>{m.currentPrice.effectiveFrom.toISOString().slice(0, 10)}</Td>
                  </>
                ) : (
                  <Td colSpan={6} className="warn">unpriced{canEdit ? <span className="text-muted-foreground"> (add a price version below)</span> : null}</Td>
                )}
                <Td numeric>{m.priceVersions}</Td>
                <Td>
                  {m.deployments.length === 0 && (m.currentPrice
                    ? <span className="text-muted-foreground" title="A price and no deployment: a what-if candidate the proxy cannot serve">priced only, not routable</span>
                    : <span className="text-muted-foreground">none</span>)}
                  {m.deployments.map((d, i) => {
                    const hardware = formatHardwareCost(d.hourlyCostUsd, d.expectedUtilisation);
                    return (
                      <span key={d.id}>
                        {i > 0 && ", "}
                        {d.provider.name}/{d.upstreamModel}
                        {hardware && <span className="text-muted-foreground" data-testid="deployment-hardware-cost"> ({hardware})</span>}
                      </span>
                    );
                  })}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
        {models.length === 0 && <p className="muted">No models yet.{canEdit ? " Add a provider first, then a model below: apps call it by its alias." : " An admin adds them."}</p>}
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
          <Table>
            <THead><Tr><Th>Model</Th><Th numeric>Requests</Th><Th numeric>Unpriced</Th><Th>Last seen</Th></Tr></THead>
            <TBody>
              {uncatalogued.map((m) => (
                <Tr key={m.alias}><Td>{m.alias}</Td><Td numeric>{formatNumber(m.requests)}</Td><Td numeric>{formatNumber(m.unpricedRequests)}</Td><Td>{m.lastDay}</Td></Tr>
              ))}
            </TBody>
          </Table>
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

/** A local model's effective output price as its latest benchmark run measured it (hardware $/h over measured tokens/s). */
function MeasuredPrice({ price }: { price: { outputPerMTokUsd: string; outputTokensPerSec: number; runId: string; finishedAt: Date | null } }) {
  return (
    <span className="block text-xs text-muted-foreground" data-testid="measured-hardware-price">
      measured <a href={`/benchmarks/runs/${price.runId}`}>{price.outputPerMTokUsd}</a> at {formatNumber(Math.round(price.outputTokensPerSec))} tok/s
      {price.finishedAt ? ` (${price.finishedAt.toISOString().slice(0, 10)})` : ""}
    </span>
  );
}
