import { ALL_ROLES, ORG_ADMINS } from "@/lib/auth/principal";
import { listProviders } from "@/lib/catalog/manage-providers";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { ProviderActions } from "./provider-actions";
import { CreateProviderForm } from "./provider-form";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const providers = await listProviders(getDb(), principal);
  const canEdit = ORG_ADMINS.includes(principal.role);
  return (
    <>
      <h1>Providers</h1>
      <p className="muted">OpenAI-compatible upstreams, cloud or local. Credentials are encrypted at rest and never shown again.</p>
      <section className="card">
        {/* relative: the actions' sr-only text is absolutely positioned and must scroll with the table, not widen the page */}
        <div className="relative overflow-x-auto">
        <table data-testid="providers-table">
          <thead>
            <tr><th>Name</th><th>Vendor</th><th>Kind</th><th>Base URL</th><th>Credential</th><th>Status</th>{canEdit && <th><span className="sr-only">Actions</span></th>}</tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td><td>{p.vendor}</td><td>{p.kind}</td><td><code>{p.baseUrl}</code></td>
                <td>{p.hasCredential ? "set" : <span className="muted">none</span>}</td>
                <td>{p.enabled ? "enabled" : <span className="warn">disabled</span>}</td>
                {canEdit && <td><ProviderActions provider={{ id: p.id, name: p.name, baseUrl: p.baseUrl, enabled: p.enabled, hasCredential: p.hasCredential }} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {providers.length === 0 && <p className="muted">No providers yet.{canEdit ? " Add one below: the proxy routes each model to a provider's deployment." : " An admin adds them."}</p>}
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
