import { ALL_ROLES, RATE_LIMIT_EDITORS } from "@/lib/auth/principal";
import { listModels } from "@/lib/catalog/manage-models";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { listKeyOptions } from "@/lib/keys/list-key-options";
import { listRateLimits } from "@/lib/limits/manage-rate-limits";
import { listProjects } from "@/lib/projects/list-projects";
import { CreateRateLimitForm } from "./rate-limit-forms";
import { RateLimitsTable, type RateLimitRow } from "./rate-limits-table";

export const dynamic = "force-dynamic";

const appliesTo = (l: { scope: string; apiKey?: { name: string } | null; project?: { name: string } | null; modelAlias: string | null }) =>
  l.scope === "key" ? `Key ${l.apiKey?.name}` : l.scope === "project" ? `Project ${l.project?.name}` : `Model ${l.modelAlias}`;

export default withPage(ALL_ROLES, async ({ principal }) => {
  const db = getDb();
  const [limits, projects, models] = await Promise.all([listRateLimits(db, principal), listProjects(db, principal), listModels(db, principal)]);
  const keys = await listKeyOptions(db, principal, projects);
  const canEdit = RATE_LIMIT_EDITORS.includes(principal.role);
  const rows: RateLimitRow[] = limits.map((l) => ({ id: l.id, appliesTo: appliesTo(l), requestsPerMin: l.requestsPerMin, tokensPerMin: l.tokensPerMin, maxConcurrent: l.maxConcurrent, actions: null }));
  return (
    <>
      <h1>Rate limits</h1>
      <p className="muted">Shared by every proxy instance. Responses carry OpenAI-style <code>x-ratelimit-*</code> headers; refusals are 429 with <code>Retry-After</code>.</p>
      <section className="card">
        <RateLimitsTable rows={rows} canEdit={canEdit}
          empty={`No rate limits yet: requests are limited only by budgets.${canEdit ? " Add one below for a key, a project or a model." : ""}`} />
        {canEdit && <CreateRateLimitForm projects={projects.map((p) => ({ id: p.id, name: p.name }))} keys={keys} models={models.map((m) => m.alias)} />}
      </section>
    </>
  );
});
