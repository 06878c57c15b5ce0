import { ALL_ROLES, PRICE_EDITORS } from "@/lib/auth/principal";
import { listModels } from "@/lib/catalog/manage-models";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { AddPriceForm, ImportPriceBookForm, TierOverrideSelect } from "./price-forms";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const models = await listModels(getDb(), principal);
  const canEdit = PRICE_EDITORS.includes(principal.role);
  return (
    <>
      <h1>Models and prices</h1>
      <p className="muted">
        Prices in USD per 1M tokens. A request is priced with the version in effect when it ran; a model without a price is metered as <strong>unpriced</strong>, never $0.
        Tier comes from the blended price (3 input : 1 output): at least $15 premium, at least $3 mid, else economy, unless overridden.{" "}
        <a href="/api/manage/v1/prices" download>Export the price book (JSON)</a>
      </p>
      <section className="card">
        <table data-testid="models-table">
          <thead>
            <tr>
              <th>Model</th><th>Tier</th><th className="num">Input</th><th className="num">Cached input</th><th className="num">Output</th><th>In effect since</th><th className="num">Versions</th><th>Deployments</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id}>
                <td>{m.alias}</td>
                <td>
                  <span className={`tier tier-${m.effectiveTier}`}>{m.effectiveTier}</span>
                  {canEdit && <TierOverrideSelect modelId={m.id} alias={m.alias} value={m.tierOverride} />}
                </td>
                {m.currentPrice ? (
                  <>
                    <td className="num">{m.currentPrice.input}</td>
                    <td className="num">{m.currentPrice.cachedInput ?? <span className="muted">as input</span>}</td>
                    <td className="num">{m.currentPrice.output}</td>
                    <td>{m.currentPrice.effectiveFrom.toISOString().slice(0, 10)}</td>
                  </>
                ) : (
                  <td colSpan={4} className="warn">unpriced</td>
                )}
                <td className="num">{m.priceVersions}</td>
                <td>{m.deployments.map((d) => `${d.provider.name}/${d.upstreamModel}`).join(", ") || <span className="muted">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {canEdit && (
        <div className="grid" style={{ marginTop: 16 }}>
          <section className="card" aria-labelledby="add-price">
            <h2 id="add-price">Add a price version</h2>
            <AddPriceForm models={models.map((m) => ({ id: m.id, alias: m.alias }))} />
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
