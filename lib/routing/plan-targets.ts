// The models a matched rule would try, in order, before any is checked
// against the catalog:
//   route       its model.
//   fallback    its models, in the order written (never reordered).
//   cascade     its models, cheapest first; escalation applies to non-streaming
//               requests only (a stream cannot be checked before the client has
//               it), so a streaming request falls back along the chain instead.
//   split       the arm the caller's bucket falls in, then the other arms in the
//               order written as fallbacks; arms at 0% are paused: never tried.
//   local-first the local model, then the cloud one; while the local model is at
//               capacity or bursting, the cloud one alone.
import type { RouteAction } from "./policy-schema";
import type { RouteDecision, RouteRequest, RouteState, SkippedTarget } from "./route-types";
import { stickyBucket } from "./sticky-bucket";

export interface TargetPlan {
  targets: string[];
  skipped: SkippedTarget[];
  sticky: RouteDecision["sticky"];
  cascade: RouteDecision["cascade"];
  localFirst: RouteDecision["localFirst"];
}

export function planTargets(ruleId: string, action: RouteAction, request: RouteRequest, state: RouteState): TargetPlan {
  const plan: TargetPlan = { targets: [], skipped: [], sticky: null, cascade: null, localFirst: null };
  switch (action.kind) {
    case "route":
      plan.targets = [action.model];
      break;
    case "fallback":
      plan.targets = [...action.models];
      break;
    case "cascade":
      plan.targets = [...action.models];
      if (!request.stream) plan.cascade = { escalateOn: action.escalateOn };
      break;
    case "split": {
      const sticky = stickyKey(action.stickyBy, request);
      const bucket = stickyBucket(ruleId, sticky.key);
      const active = action.targets.filter((t) => t.percent > 0);
      const chosen = armForBucket(active, bucket);
      plan.sticky = { bucket, by: sticky.by };
      plan.targets = [chosen, ...active.map((t) => t.model).filter((m) => m !== chosen)];
      break;
    }
    case "local-first": {
      const local = action.local.model;
      const inFlight = ownNumber(state.localInFlight, local);
      const atCapacity = inFlight >= action.local.maxConcurrent;
      const bursting = atCapacity || ownFlag(state.burstActive, local);
      plan.localFirst = { local, cloud: action.cloud, maxConcurrent: action.local.maxConcurrent, ttftObjectiveMs: action.local.ttftObjectiveMs ?? null, resumeBelowPercent: action.hysteresis?.resumeBelowPercent ?? null, bursting };
      if (bursting) {
        plan.skipped.push({ model: local, reason: atCapacity ? "local-at-capacity" : "local-bursting" });
        plan.targets = [action.cloud];
      } else {
        plan.targets = [local, action.cloud];
      }
      break;
    }
  }
  return plan;
}

/** The arm whose cumulative share covers the bucket (percents sum to 100, so one always does). */
function armForBucket(arms: readonly { model: string; percent: number }[], bucket: number): string {
  let upTo = 0;
  for (const arm of arms) {
    upTo += arm.percent;
    if (bucket < upTo) return arm.model;
  }
  return arms[arms.length - 1]!.model;
}

function stickyKey(by: "user" | "session-header" | "none", r: RouteRequest): { key: string; by: "user" | "session" | "request" } {
  if (by === "user" && r.user) return { key: `u:${r.user}`, by: "user" };
  if (by === "session-header" && r.sessionId) return { key: `s:${r.sessionId}`, by: "session" };
  return { key: `r:${r.requestId}`, by: "request" };
}

// State maps are keyed by alias, and an alias may be "__proto__": read own properties only.
function ownNumber(record: Readonly<Record<string, number>> | undefined, key: string): number {
  const value = record && Object.hasOwn(record, key) ? record[key] : 0;
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function ownFlag(record: Readonly<Record<string, boolean>> | undefined, key: string): boolean {
  return !!record && Object.hasOwn(record, key) && record[key] === true;
}
