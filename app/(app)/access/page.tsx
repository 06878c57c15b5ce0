import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { listMembers } from "@/lib/members/manage-members";
import { listProjects } from "@/lib/projects/list-projects";
import { DEFAULT_TOKEN_DAYS, listManagementTokens } from "@/lib/tokens/create-management-token";
import { CreateTokenForm, MemberRoleSelect, RemoveMemberButton, RevokeTokenButton } from "./access-forms";

export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "never");

export default withPage(ORG_ADMINS, async ({ principal }) => {
  const db = getDb();
  const [members, tokens, projects] = await Promise.all([listMembers(db, principal), listManagementTokens(db, principal.orgId), listProjects(db, principal)]);
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  const now = new Date();
  return (
    <>
      <h1>Members and tokens</h1>
      <section className="card" style={{ marginBottom: 16 }} aria-labelledby="members">
        <h2 id="members">Members</h2>
        <p className="muted">A role change or removal takes effect on the member&apos;s next request. The org always keeps one owner; only owners grant or take away owner.</p>
        <table data-testid="members">
          <thead><tr><th>Email</th><th>Name</th><th>Role</th><th>Last sign-in</th><th><span className="muted">Actions</span></th></tr></thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <td>{m.email}</td>
                <td>{m.name ?? ""}</td>
                <td><MemberRoleSelect userId={m.id} email={m.email} value={m.role} /></td>
                <td>{day(m.lastLoginAt)}</td>
                <td><RemoveMemberButton userId={m.id} email={m.email} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="tokens">
        <h2 id="tokens">Management tokens</h2>
        <p className="muted">
          For scripts calling <code>/api/manage/v1</code> with <code>Authorization: Bearer tgm_…</code>. Tokens expire ({DEFAULT_TOKEN_DAYS} days unless chosen); engineer and viewer tokens see only their projects.
        </p>
        <table data-testid="tokens">
          <thead><tr><th>Name</th><th>Token</th><th>Role</th><th>Projects</th><th>Expires</th><th>Last used</th><th>Status</th><th><span className="muted">Actions</span></th></tr></thead>
          <tbody>
            {tokens.map((t) => {
              const status = t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt <= now ? "expired" : "active";
              return (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td><code>{t.prefix}…</code></td>
                  <td>{t.role}</td>
                  <td>{t.role === "engineer" || t.role === "viewer" ? t.projectIds.map((id) => projectName.get(id) ?? id).join(", ") || "none" : "all"}</td>
                  <td>{day(t.expiresAt)}</td>
                  <td>{t.lastUsedAt ? t.lastUsedAt.toISOString().slice(0, 16).replace("T", " ") : "never"}</td>
                  <td>{status === "active" ? status : <span className="warn">{status}</span>}</td>
                  <td>{status !== "revoked" && <RevokeTokenButton tokenId={t.id} name={t.name} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {tokens.length === 0 && <p className="muted">No tokens yet.</p>}
        <CreateTokenForm projects={projects.map((p) => ({ id: p.id, name: p.name }))} />
      </section>
    </>
  );
});
