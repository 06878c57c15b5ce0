import { ALL_ROLES, RATE_LIMIT_EDITORS } from "@/lib/auth/principal";
import { listModels } from "@/lib/catalog/manage-models";
import { getDb } from "@/lib/db";
import { formatNumber } from "@/lib/format/format-number";
import { withPage } from "@/lib/http/with-page";
import { listKeyOptions } from "@/lib/keys/list-key-options";
import { listRateLimits } from "@/lib/limits/manage-rate-limits";
import { listProjects } from "@/lib/projects/list-projects";
import { CreateRateLimitForm, DeleteRateLimitButton } from "./rate-limit-forms";

export const dynamic = "force-dynamic";

const appliesTo = (l: { scope: string; apiKey?: { name: string } | null; project?: { name: string } | null; modelAlias: string | null }) =>
  l.scope === "key" ? `Key ${l.apiKey?.name}` : l.scope === "project" ? `Project ${l.project?.name}` : `Model ${l.modelAlias}`;

export default withPage(ALL_ROLES, async ({ principal }) => {
  const db = getDb();
  const [limits, projects, models] = await Promise.all([listRateLimits(db, principal), listProjects(db, principal), listModels(db, principal)]);
  const keys = await listKeyOptions(db, principal, projects);
  const canEdit = RATE_LIMIT_EDITORS.includes(principal.role);
  return (
    <>
      <h1>Rate limits</h1>
      <p className="muted">Shared by every proxy instance. Responses carry OpenAI-style <code>x-ratelimit-*</code> headers; refusals are 429 with <code>Retry-After</code>.</p>
      <section className="card">
        <div className="relative overflow-x-auto">
        <table data-testid="rate-limits">
          <thead><tr><th>Applies to</th><th className="num">Requests/min</th><th className="num">Tokens/min</th><th className="num">Concurrent</th>{canEdit && <th><span className="muted">Actions</span></th>}</tr></thead>
          <tbody>
            {limits.map((l) => (
              <tr key={l.id}>
                <td>{appliesTo(l)}</td>
                <td className="num">{l.requestsPerMin === null ? "–" : formatNumber(l.requestsPerMin)}</td><td className="num">{l.tokensPerMin === null ? "–" : formatNumber(l.tokensPerMin)}</td><td className="num">{l.maxConcurrent === null ? "–" : formatNumber(l.maxConcurrent)}</td>
                {canEdit && <td><DeleteRateLimitButton policyId={l.id} label={appliesTo(l)} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {limits.length === 0 && <p className="muted">No rate limits yet: requests are limited only by budgets.{canEdit ? " Add one below for a key, a project or a model." : ""}</p>}
        {canEdit && <CreateRateLimitForm projects={projects.map((p) => ({ id: p.id, name: p.name }))} keys={keys} models={models.map((m) => m.alias)} />}
      </section>
    </>
  );
});
