import { ALL_ROLES, FIXED_TAG_EDITORS, KEY_MANAGERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { listProjects } from "@/lib/projects/list-projects";
import { CreateKeyForm, EditKeyTagsButton, RevokeKeyButton } from "./key-forms";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";

export const dynamic = "force-dynamic";

export default withPage(ALL_ROLES, async ({ principal }) => {
  const db = getDb();
  const projects = await listProjects(db, principal);
  const keysByProject = await Promise.all(projects.map(async (p) => ({ project: p, keys: await listApiKeys(db, principal, p.id) })));
  const canManage = KEY_MANAGERS.includes(principal.role);
  const canFixTags = FIXED_TAG_EDITORS.includes(principal.role);
  return (
    <>
      <h1>API keys</h1>
      <p className="text-muted-foreground">
        Apps call the proxy at <code>/api/v1</code> with one of these keys: <code>{'new OpenAI({ baseURL: "<this origin>/api/v1", apiKey })'}</code>. Keys are shown once and stored hashed.
        A key&apos;s fixed tags go on every request made with it, whatever its <code>x-tollgate-tags</code> header says, so budgets and routing rules on those tags hold.
      </p>
      {keysByProject.map(({ project, keys }) => (
        <section key={project.id} className="card" style={{ marginBottom: 16 }} aria-labelledby={`p-${project.id}`}>
          <h2 id={`p-${project.id}`}>{project.name}</h2>
          <Table data-testid={`keys-${project.slug}`}>
            <THead>
              <Tr><Th>Name</Th><Th>Key</Th><Th>Fixed tags</Th><Th>Created</Th><Th>Expires</Th><Th>Last used</Th><Th>Status</Th>{canManage && <Th><span className="text-muted-foreground">Actions</span></Th>}</Tr>
            </THead>
            <TBody>
              {keys.map((k) => (
                <Tr key={k.id}>
                  <Td>{k.name}</Td>
                  <Td><code>{k.prefix}…</code></Td>
                  <Td><FixedTags tags={k.fixedTags} /></Td>
                  <Td>{k.createdAt.toISOString().slice(0, 10)}</Td>
                  <Td>{k.expiresAt ? k.expiresAt.toISOString().slice(0, 10) : "never"}</Td>
                  <Td>{k.lastUsedAt ? k.lastUsedAt.toISOString().slice(0, 16).replace("T", " ") : "never"}</Td>
                  <Td>{k.revokedAt ? <span className="warn">revoked</span> : k.expiresAt && k.expiresAt < new Date() ? <span className="warn">expired</span> : "active"}</Td>
                  {canManage && (
                    <Td>
                      {!k.revokedAt && (
                        <div className="flex items-center gap-2">
                          {canFixTags && <EditKeyTagsButton keyId={k.id} name={k.name} fixedTags={k.fixedTags} />}
                          <RevokeKeyButton keyId={k.id} name={k.name} />
                        </div>
                      )}
                    </Td>
                  )}
                </Tr>
              ))}
            </TBody>
          </Table>
          {keys.length === 0 && <p className="text-muted-foreground">No keys yet.</p>}
          {canManage && <CreateKeyForm projectId={project.id} projectName={project.name} canFixTags={canFixTags} />}
        </section>
      ))}
      {projects.length === 0 && <p className="text-muted-foreground">You are not a member of any project yet.</p>}
    </>
  );
});

function FixedTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return <span className="text-muted-foreground">none</span>;
  return (
    <ul className="m-0 flex list-none flex-wrap gap-1 p-0" aria-label="Fixed tags">
      {tags.map((tag) => <li key={tag}><Badge className="font-mono">{tag}</Badge></li>)}
    </ul>
  );
}
