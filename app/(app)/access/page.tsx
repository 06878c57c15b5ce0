import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { listMembers } from "@/lib/members/manage-members";
import { listProjects } from "@/lib/projects/list-projects";
import { DEFAULT_TOKEN_DAYS, listManagementTokens } from "@/lib/tokens/create-management-token";
import { CreateTokenForm } from "./access-forms";
import { MembersTable, type MemberRow } from "./members-table";
import { TokensTable, type TokenRow } from "./tokens-table";

export const dynamic = "force-dynamic";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "never");

export default withPage(ORG_ADMINS, async ({ principal }) => {
  const db = getDb();
  const [members, tokens, projects] = await Promise.all([listMembers(db, principal), listManagementTokens(db, principal.orgId), listProjects(db, principal)]);
  const projectName = new Map(projects.map((p) => [p.id, p.name]));
  const now = new Date();
  const memberRows: MemberRow[] = members.map((m) => ({ id: m.id, email: m.email, name: m.name ?? "", role: m.role, lastSignIn: day(m.lastLoginAt), actions: null }));
  const tokenRows: TokenRow[] = tokens.map((t) => ({
    id: t.id, name: t.name, prefix: t.prefix, role: t.role,
    projects: t.role === "engineer" || t.role === "viewer" ? t.projectIds.map((id) => projectName.get(id) ?? id).join(", ") || "none" : "all",
    expires: day(t.expiresAt), lastUsed: t.lastUsedAt ? t.lastUsedAt.toISOString().slice(0, 16).replace("T", " ") : "never",
    status: t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt <= now ? "expired" : "active", actions: null,
  }));
  return (
    <>
      <h1>Members and tokens</h1>
      <section className="card" style={{ marginBottom: 16 }} aria-labelledby="members">
        <h2 id="members">Members</h2>
        <p className="muted">A role change or removal takes effect on the member&apos;s next request. The org always keeps one owner; only owners grant or take away owner.</p>
        <MembersTable rows={memberRows} />
      </section>
      <section className="card" aria-labelledby="tokens">
        <h2 id="tokens">Management tokens</h2>
        <p className="muted">
          For scripts calling <code>/api/manage/v1</code> with <code>Authorization: Bearer tgm_…</code>. Tokens expire ({DEFAULT_TOKEN_DAYS} days unless chosen); engineer and viewer tokens see only their projects.
        </p>
        <TokensTable rows={tokenRows} />
        <CreateTokenForm projects={projects.map((p) => ({ id: p.id, name: p.name }))} />
      </section>
    </>
  );
});
