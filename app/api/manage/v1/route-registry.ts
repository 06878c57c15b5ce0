// Every management API route module (except this document itself), by its OpenAPI path. A test checks this
// list against app/api/manage/v1/**/route.ts, so a new route cannot be left
// out of the OpenAPI document or the role tests.
import * as r0 from "@/app/api/manage/v1/alerts/read/route";
import * as r1 from "@/app/api/manage/v1/alerts/route";
import * as audit from "@/app/api/manage/v1/audit/route";
import * as r2 from "@/app/api/manage/v1/budgets/[budgetId]/route";
import * as r3 from "@/app/api/manage/v1/budgets/route";
import * as r4 from "@/app/api/manage/v1/channels/[channelId]/route";
import * as r5 from "@/app/api/manage/v1/channels/route";
import * as r6 from "@/app/api/manage/v1/keys/[keyId]/route";
import * as r7 from "@/app/api/manage/v1/me/route";
import * as r8 from "@/app/api/manage/v1/members/route";
import * as r9 from "@/app/api/manage/v1/models/[modelId]/prices/route";
import * as r10 from "@/app/api/manage/v1/models/[modelId]/route";
import * as r11 from "@/app/api/manage/v1/models/route";
import * as r12 from "@/app/api/manage/v1/prices/route";
import * as r13 from "@/app/api/manage/v1/projects/[projectId]/keys/route";
import * as r14 from "@/app/api/manage/v1/projects/route";
import * as r15 from "@/app/api/manage/v1/providers/[providerId]/route";
import * as r16 from "@/app/api/manage/v1/providers/route";
import * as r17 from "@/app/api/manage/v1/rate-limits/[policyId]/route";
import * as r18 from "@/app/api/manage/v1/rate-limits/route";
import * as r19 from "@/app/api/manage/v1/spend/overview/route";
import * as r20 from "@/app/api/manage/v1/tokens/route";
import * as r21 from "@/app/api/manage/v1/usage/events/[eventId]/route";
import * as r22 from "@/app/api/manage/v1/usage/events/route";
import * as focusExport from "@/app/api/manage/v1/exports/focus/route";
import * as projectMembers from "@/app/api/manage/v1/projects/[projectId]/members/route";
import * as projectMember from "@/app/api/manage/v1/projects/[projectId]/members/[userId]/route";
import * as modelSpend from "@/app/api/manage/v1/spend/model/route";
import * as deadLetters from "@/app/api/manage/v1/usage/dead-letters/route";
import * as deadLettersReplay from "@/app/api/manage/v1/usage/dead-letters/replay/route";
import * as member from "@/app/api/manage/v1/members/[userId]/route";
import * as token from "@/app/api/manage/v1/tokens/[tokenId]/route";
import * as benchSuites from "@/app/api/manage/v1/benchmarks/suites/route";
import * as benchSuiteStarters from "@/app/api/manage/v1/benchmarks/suites/starters/route";
import * as benchSuiteImport from "@/app/api/manage/v1/benchmarks/suites/import/route";
import * as benchSuite from "@/app/api/manage/v1/benchmarks/suites/[suiteId]/route";
import * as benchSuiteExport from "@/app/api/manage/v1/benchmarks/suites/[suiteId]/export/route";
import * as benchRuns from "@/app/api/manage/v1/benchmarks/runs/route";
import * as benchRun from "@/app/api/manage/v1/benchmarks/runs/[runId]/route";
import * as benchRunResults from "@/app/api/manage/v1/benchmarks/runs/[runId]/results/route";
import * as benchRunCancel from "@/app/api/manage/v1/benchmarks/runs/[runId]/cancel/route";
import * as benchRunAdoptPrice from "@/app/api/manage/v1/benchmarks/runs/[runId]/adopt-price/route";
import * as benchSchedules from "@/app/api/manage/v1/benchmarks/schedules/route";
import * as benchSchedule from "@/app/api/manage/v1/benchmarks/schedules/[scheduleId]/route";
import * as routingPolicies from "@/app/api/manage/v1/routing/policies/route";
import * as routingPolicy from "@/app/api/manage/v1/routing/policies/[policyId]/route";
import * as routingStats from "@/app/api/manage/v1/routing/stats/route";
import * as routingTest from "@/app/api/manage/v1/routing/test/route";
import * as whatifScenarios from "@/app/api/manage/v1/whatif/scenarios/route";
import * as whatifScenario from "@/app/api/manage/v1/whatif/scenarios/[scenarioId]/route";
import * as whatifScenarioRun from "@/app/api/manage/v1/whatif/scenarios/[scenarioId]/run/route";
import * as whatifScenarioApply from "@/app/api/manage/v1/whatif/scenarios/[scenarioId]/apply/route";
import * as whatifScenarioOutcome from "@/app/api/manage/v1/whatif/scenarios/[scenarioId]/outcome/route";
import * as whatifResult from "@/app/api/manage/v1/whatif/results/[resultId]/route";
import * as publicPrices from "@/app/api/manage/v1/prices/public/route";
import * as publicPricesApply from "@/app/api/manage/v1/prices/public/apply/route";
import * as priceImports from "@/app/api/manage/v1/prices/imports/route";
import * as priceImportCheck from "@/app/api/manage/v1/prices/imports/check/route";
import * as priceImport from "@/app/api/manage/v1/prices/imports/[importId]/route";
import * as priceImportApply from "@/app/api/manage/v1/prices/imports/[importId]/apply/route";
import * as priceImportDismiss from "@/app/api/manage/v1/prices/imports/[importId]/dismiss/route";
import * as whatifPredictionChecks from "@/app/api/manage/v1/whatif/prediction-checks/route";
import * as whatifRecommendations from "@/app/api/manage/v1/whatif/recommendations/route";

export const managementRoutes: Record<string, Record<string, unknown>> = {
  "/audit": audit,
  "/benchmarks/suites": benchSuites,
  "/benchmarks/suites/import": benchSuiteImport,
  "/benchmarks/suites/starters": benchSuiteStarters,
  "/benchmarks/suites/{suiteId}": benchSuite,
  "/benchmarks/suites/{suiteId}/export": benchSuiteExport,
  "/benchmarks/runs": benchRuns,
  "/benchmarks/runs/{runId}": benchRun,
  "/benchmarks/runs/{runId}/results": benchRunResults,
  "/benchmarks/runs/{runId}/cancel": benchRunCancel,
  "/benchmarks/runs/{runId}/adopt-price": benchRunAdoptPrice,
  "/benchmarks/schedules": benchSchedules,
  "/benchmarks/schedules/{scheduleId}": benchSchedule,
  "/exports/focus": focusExport,
  "/projects/{projectId}/members": projectMembers,
  "/projects/{projectId}/members/{userId}": projectMember,
  "/spend/model": modelSpend,
  "/usage/dead-letters": deadLetters,
  "/usage/dead-letters/replay": deadLettersReplay,
  "/alerts/read": r0,
  "/alerts": r1,
  "/budgets/{budgetId}": r2,
  "/budgets": r3,
  "/channels/{channelId}": r4,
  "/channels": r5,
  "/keys/{keyId}": r6,
  "/me": r7,
  "/members": r8,
  "/members/{userId}": member,
  "/models/{modelId}/prices": r9,
  "/models/{modelId}": r10,
  "/models": r11,
  "/prices": r12,
  "/projects/{projectId}/keys": r13,
  "/projects": r14,
  "/providers/{providerId}": r15,
  "/providers": r16,
  "/rate-limits/{policyId}": r17,
  "/rate-limits": r18,
  "/routing/policies": routingPolicies,
  "/routing/policies/{policyId}": routingPolicy,
  "/routing/stats": routingStats,
  "/routing/test": routingTest,
  "/spend/overview": r19,
  "/tokens": r20,
  "/tokens/{tokenId}": token,
  "/usage/events/{eventId}": r21,
  "/usage/events": r22,
  "/whatif/scenarios": whatifScenarios,
  "/whatif/scenarios/{scenarioId}": whatifScenario,
  "/whatif/scenarios/{scenarioId}/run": whatifScenarioRun,
  "/whatif/scenarios/{scenarioId}/apply": whatifScenarioApply,
  "/whatif/scenarios/{scenarioId}/outcome": whatifScenarioOutcome,
  "/whatif/prediction-checks": whatifPredictionChecks,
  "/prices/public": publicPrices,
  "/prices/public/apply": publicPricesApply,
  "/whatif/recommendations": whatifRecommendations,
  "/prices/imports": priceImports,
  "/prices/imports/check": priceImportCheck,
  "/prices/imports/{importId}": priceImport,
  "/prices/imports/{importId}/apply": priceImportApply,
  "/prices/imports/{importId}/dismiss": priceImportDismiss,
  "/whatif/results/{resultId}": whatifResult,
};
