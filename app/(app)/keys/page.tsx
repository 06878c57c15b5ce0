import { ALL_ROLES, KEY_MANAGERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { listProjects } from "@/lib/projects/list-projects";
import { CreateKeyForm, RevokeKeyButton } from "./key-forms";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const db = getDb();
  const projects = await listProjects(db, principal);
  const keysByProject = await Promise.all(projects.map(async (p) => ({ project: p, keys: await listApiKeys(db, principal, p.id) })));
  const canManage = KEY_MANAGERS.includes(principal.role);
  return (
    <>
      <h1>API keys</h1>
      <p className="muted">
        Apps call the proxy at <code>/api/v1</code> with one of these keys: <code>{'new OpenAI({ baseURL: "<this origin>/api/v1", apiKey })'}</code>. Keys are shown once and stored hashed.
      </p>
      {keysByProject.map(({ project, keys }) => (
        <section key={project.id} className="card" style={{ marginBottom: 16 }} aria-labelledby={`p-${project.id}`}>
          <h2 id={`p-${project.id}`}>{project.name}</h2>
          <table data-testid={`keys-${project.slug}`}>
            <thead>
              <tr><th>Name</th><th>Key</th><th>Created</th><th>Expires</th><th>Last used</th><th>Status</th>{canManage && <th><span className="muted">Actions</span></th>}</tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td><code>{k.prefix}…</code></td>
                  <td>{k.createdAt.toISOString().slice(0, 10)}</td>
                  <td>{k.expiresAt ? k.expiresAt.toISOString().slice(0, 10) : "never"}</td>
                  <td>{k.lastUsedAt ? k.lastUsedAt.toISOString().slice(0, 16).replace("T", " ") : "never"}</td>
                  <td>{k.revokedAt ? <span className="warn">revoked</span> : k.expiresAt && k.expiresAt < new Date() ? <span className="warn">expired</span> : "active"}</td>
                  {canManage && <td>{!k.revokedAt && <RevokeKeyButton keyId={k.id} name={k.name} />}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          {keys.length === 0 && <p className="muted">No keys yet.</p>}
          {canManage && <CreateKeyForm projectId={project.id} projectName={project.name} />}
        </section>
      ))}
      {projects.length === 0 && <p className="muted">You are not a member of any project yet.</p>}
    </>
  );
});
