// The recommendations a principal sees: the org's measured inputs (the
// latest succeeded benchmark run of each suite x model, load-whatif-inputs.ts),
// the traffic of the last N whole hours of the projects the principal sees
// (the same traffic cells a scenario reads, by org-local day where exact,
// with requested models and input-size bands kept), ranked by
// recommend-candidates.ts, with a SCOPE comparison of the requested model
// and its best candidates. Money leaves as exact USD decimal strings.
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import type { DbClient } from "@/lib/db/create-db-client";
import { nanoToUsd, usdToNano } from "@/lib/money/nano-usd";
import { listProjects } from "@/lib/projects/list-projects";
import {
  DEFAULT_LATENCY_WITHIN_PERCENT, DEFAULT_QUALITY_RETAINED_PERCENT, recommendCandidates, type Recommendation,
} from "../recommend-candidates";
import { largestObservedInput, scopeComparison } from "../scope-comparison";
import { FOLDED } from "../fold-dimensions";
import { INPUT_BAND_EDGES } from "../traffic-profile";
import { loadScopeFacts } from "./load-scope-facts";
import { loadTrafficProfile } from "./load-traffic-profile";
import { loadWhatIfInputs } from "./load-whatif-inputs";
import { readOrgTimezone } from "./read-org-timezone";
import { principalScope } from "./scenario-access";

export const RECOMMENDATION_RANGES = { "7d": 7, "30d": 30, "90d": 90 } as const;
/** Candidates compared side by side (SCOPE) per recommendation, besides the requested model. */
export const SCOPE_CANDIDATES = 3;
const HOUR_MS = 3_600_000;

export const recommendationsQuerySchema = z.strictObject({
  range: z.enum(Object.keys(RECOMMENDATION_RANGES) as [keyof typeof RECOMMENDATION_RANGES]).default("30d").describe("The traffic read: the last 7, 30 or 90 days of whole hours"),
  quality: z.coerce.number().min(0).max(100).default(DEFAULT_QUALITY_RETAINED_PERCENT).describe("X: a candidate keeps at least this percent of the requested model's measured pass rate, on every suite it is measured on"),
  latency: z.coerce.number().min(0).max(1000).default(DEFAULT_LATENCY_WITHIN_PERCENT).describe("Y: a candidate's measured p95 TTFT is at most this percent above the requested model's"),
  minSpendUsd: z.string().regex(/^\d{1,9}(\.\d{1,9})?$/, 'must be a plain decimal string of US dollars, e.g. "1"').default("1").describe("Project x model groups that spent less over the range are not listed"),
});
export type RecommendationsQuery = z.output<typeof recommendationsQuerySchema>;

type Candidate = Recommendation["candidates"][number];

function presentCandidate(c: Candidate) {
  const { simulatedNano, lowNano, highNano, savingNano, ...rest } = c;
  return { ...rest, simulatedCostUsd: nanoToUsd(simulatedNano), simulatedLowCostUsd: nanoToUsd(lowNano), simulatedHighCostUsd: nanoToUsd(highNano), savingUsd: nanoToUsd(savingNano) };
}

export async function loadRecommendations(db: DbClient, principal: Principal, query: RecommendationsQuery, now = new Date()) {
  const to = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const days = RECOMMENDATION_RANGES[query.range];
  const from = new Date(to.getTime() - days * 24 * HOUR_MS);
  const [inputs, scope, projects, timeZone, suites] = await Promise.all([
    loadWhatIfInputs(db, principal.orgId),
    principalScope(db, principal),
    listProjects(db, principal),
    readOrgTimezone(db, principal),
    db.benchmarkSuite.findMany({ where: { orgId: principal.orgId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const projectIds = scope.orgWide ? null : scope.projectIds;
  const catalogAliases = [...inputs.catalog.keys()].sort();
  const traffic = projectIds !== null && projectIds.length === 0 ? null : await loadTrafficProfile(
    db, { orgId: principal.orgId, projectIds, from, to },
    // Requested models and input-size bands kept (the groups and SCOPE's Size); keys, tags and endpoints summed away.
    { apiKeyIds: [], requestedModels: catalogAliases, endpoints: "folded", tags: [], bandEdges: INPUT_BAND_EDGES },
    { timeZone, priceChanges: [...inputs.catalog.values()].flatMap((m) => m.versions.map((v) => v.effectiveFrom)) },
  );
  // A requested model outside the catalog reads as FOLDED: nothing to compare it with.
  const cells = (traffic?.profile.cells ?? []).filter((c) => c.requestedModel !== FOLDED);
  const { recommendations, belowFloor } = recommendCandidates({
    cells, catalog: inputs.catalog, quality: inputs.quality, latency: inputs.latency, ratios: inputs.ratios,
    params: { qualityRetainedPercent: query.quality, latencyWithinPercent: query.latency, minSpendNano: usdToNano(query.minSpendUsd) },
  });

  const compared = new Set(recommendations.flatMap((r) => [r.requestedModel, ...r.candidates.slice(0, SCOPE_CANDIDATES).map((c) => c.model)]));
  const facts = new Map((await loadScopeFacts(db, principal.orgId, [...compared].sort(), now)).map((f) => [f.alias, f]));
  const projectNames = new Map(projects.map((p) => [p.id, p.name]));

  return {
    range: { key: query.range, days, from: from.toISOString(), to: to.toISOString(), timeZone },
    params: { qualityRetainedPercent: query.quality, latencyWithinPercent: query.latency, minSpendUsd: query.minSpendUsd },
    suites,
    measuredRuns: inputs.runs.length,
    recommendations: recommendations.map((r) => {
      const largest = largestObservedInput(cells.filter((c) => c.projectId === r.projectId && c.requestedModel === r.requestedModel));
      const models = [r.requestedModel, ...r.candidates.slice(0, SCOPE_CANDIDATES).map((c) => c.model)].flatMap((a) => (facts.has(a) ? [facts.get(a)!] : []));
      return {
        projectId: r.projectId,
        projectName: projectNames.get(r.projectId) ?? r.projectId,
        requestedModel: r.requestedModel,
        requests: r.requests,
        unpricedRequests: r.unpricedRequests,
        baselineCostUsd: nanoToUsd(r.baselineNano),
        current: r.current,
        largestInput: largest,
        candidates: r.candidates.map(presentCandidate),
        excluded: r.excluded.map(({ model, reason, detail }) => ({ model, reason, detail })),
        scope: scopeComparison(models, inputs.quality, inputs.latency, largest),
      };
    }),
    belowFloor: { groups: belowFloor.groups, baselineCostUsd: nanoToUsd(belowFloor.baselineNano) },
  };
}

export type LoadedRecommendations = Awaited<ReturnType<typeof loadRecommendations>>;
