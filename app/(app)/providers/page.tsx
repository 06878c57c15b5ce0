import { ALL_ROLES, ORG_ADMINS } from "@/lib/auth/principal";
import { listProviders } from "@/lib/catalog/manage-providers";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { CreateProviderForm } from "./provider-form";
import { ProvidersTable, type ProviderTableRow } from "./providers-table";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const providers = await listProviders(getDb(), principal);
  const canEdit = ORG_ADMINS.includes(principal.role);
  const rows: ProviderTableRow[] = providers.map((p) => ({
    id: p.id, name: p.name, vendor: p.vendor, kind: p.kind, baseUrl: p.baseUrl, credential: p.hasCredential ? "set" : "none", status: p.enabled ? "enabled" : "disabled", actions: null,
  }));
  return (
    <>
      <h1>Providers</h1>
      <p className="muted">OpenAI-compatible upstreams, cloud or local. Credentials are encrypted at rest and never shown again.</p>
      <section className="card">
        <ProvidersTable rows={rows} canEdit={canEdit} empty={`No providers yet.${canEdit ? " Add one below: the proxy routes each model to a provider's deployment." : " An admin adds them."}`} />
      </section>
      {canEdit && (
        <section className="card" style={{ marginTop: 16, maxWidth: 520 }} aria-labelledby="add-provider">
          <h2 id="add-provider">Add a provider</h2>
          <CreateProviderForm />
        </section>
      )}
    </>
  );
});
