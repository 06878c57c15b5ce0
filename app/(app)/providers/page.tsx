import { ALL_ROLES, ORG_ADMINS } from "@/lib/auth/principal";
import { listProviders } from "@/lib/catalog/manage-providers";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { CreateProviderForm } from "./provider-form";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const providers = await listProviders(getDb(), principal);
  return (
    <>
      <h1>Providers</h1>
      <p className="muted">OpenAI-compatible upstreams, cloud or local. Credentials are encrypted at rest and never shown again.</p>
      <section className="card">
        <table data-testid="providers-table">
          <thead>
            <tr><th>Name</th><th>Vendor</th><th>Kind</th><th>Base URL</th><th>Credential</th><th>Status</th></tr>
          </thead>
          <tbody>
            {providers.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td><td>{p.vendor}</td><td>{p.kind}</td><td><code>{p.baseUrl}</code></td>
                <td>{p.hasCredential ? "set" : <span className="muted">none</span>}</td>
                <td>{p.enabled ? "enabled" : <span className="warn">disabled</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {ORG_ADMINS.includes(principal.role) && (
        <section className="card" style={{ marginTop: 16, maxWidth: 520 }} aria-labelledby="add-provider">
          <h2 id="add-provider">Add a provider</h2>
          <CreateProviderForm />
        </section>
      )}
    </>
  );
});
