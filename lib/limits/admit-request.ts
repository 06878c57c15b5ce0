// Admission: before a request is forwarded, reserve its worst-case cost on
// every enforced budget it counts against and take from every rate limiter
// it is subject to, in ONE Redis round trip (one atomic script, sent with the
// other admissions of the same event-loop turn). Requests no enforced budget
// or limit applies to skip Redis entirely (soft budgets get their spend at settle).
import type { Redis } from "ioredis";
import type { Logger } from "../log/logger";
import { periodWindow } from "../budgets/budget-period";
import { nanoToUsd } from "../money/nano-usd";
import { ProxyError } from "../proxy/proxy-error";
import { budgetCounterKey, budgetReservationsKey, budgetThrottleKey, concurrencyKey, rateBucketsKey, reservationMember } from "./limit-keys";
import { budgetsFor, policiesFor, type BudgetRule, type LimitRulesCache, type OrgLimitRules, type RatePolicyRule } from "./limit-rules";
import type { SharedPart } from "../redis/script-batcher";
import { ReplyError } from "ioredis";
import { boundedNano, scriptTokens, type LimitCommands } from "./limit-scripts";
import { rateLimitHeaders } from "./rate-limit-headers";
import { settleReservation } from "./settle-reservation";
import type { Reservation } from "./estimate-reservation";
import type { AdmissionLeases, LeasedLimits, LeaseTicket } from "./admission-leases";

/** Who is refused while Redis cannot be reached. */
export type RedisDownPolicy = "hard-budgets" | "all-limited" | "nothing";

export interface AdmissionDeps {
  redis: Redis & LimitCommands;
  rules: LimitRulesCache;
  redisDownRefuses: RedisDownPolicy;
  reservationTtlMs: number;
  log: Logger;
  /** Far from every limit, requests are admitted from a lease without a round trip (lib/limits/admission-leases.ts); absent: never. */
  leases?: AdmissionLeases;
}

export interface AdmissionRequest {
  requestId: string;
  attempt: number;
  orgId: string;
  projectId: string;
  keyId: string;
  tags: string[];
  model: string;
  /** When the request was admitted: it decides the budget period it counts in. */
  at: Date;
  /** Worst-case cost and tokens; only computed when a budget or limit applies (it tokenizes the prompt). */
  reservation: Reservation | (() => Reservation);
  /**
   * A cheap reservation never smaller than `reservation` (from the body's size, no tokenizer), or null when
   * none is known. When given it is tried first, and the exact one is computed only if the bound is refused
   * by a budget or a token limit: the exact count matters only near a limit. (Until it settles, an admitted
   * request holds its bound, so near a limit concurrent requests see a little less room: never more.)
   */
  reservationBound?: () => Reservation | null;
  /** Budgets whose downgrade already happened: they no longer refuse. */
  downgraded?: Set<string>;
}

export interface AdmittedBudget {
  rule: BudgetRule;
  counterKey: string;
  periodEnd: Date;
  /** When the counter key expires: a week after its period. */
  expireAtMs: number;
  /** Whether admission reserves on it (an enforced budget); a tracked one only has its spend added at settle. */
  reserves: boolean;
}

export interface Admission {
  orgId: string;
  member: string;
  budgets: AdmittedBudget[];
  policies: RatePolicyRule[];
  /** Settle's shared keys and args for these budgets and policies (the same object for every request of the plan). */
  settleShared: SharedPart;
  costNano: bigint;
  tokens: number;
  /** False when nothing was reserved for this request alone (no limits apply, Redis was down and the policy let it through, or a lease holds it). */
  held: boolean;
  /** Admitted under a lease: settle gives what it held back to the lease. */
  lease?: LeaseTicket;
  headers: Record<string, string>;
}

export type AdmissionResult = { kind: "admitted"; admission: Admission } | { kind: "downgrade"; budget: BudgetRule };

// Counter keys outlive their period by a week, so reconcile and the dashboard can still read them.
const KEEP_AFTER_PERIOD_MS = 7 * 24 * 3600 * 1000;
const MODE = { track: 0, block: 1, downgrade: 2, throttle: 3 } as const;

export async function admitRequest(deps: AdmissionDeps, req: AdmissionRequest): Promise<AdmissionResult> {
  const rules = await deps.rules.get(req.orgId);
  const plan = limitsPlan(rules, req);
  const { budgets, policies } = plan;
  const member = reservationMember(req.requestId, req.attempt);
  // Nothing to check (no limits, or tracked budgets only, whose spend settle adds): no Redis round trip, unless
  // the operator refuses every limited request while Redis is down, which only a round trip can tell.
  const nothingToCheck = plan.enforced === 0 && policies.length === 0 && (budgets.length === 0 || deps.redisDownRefuses !== "all-limited");
  if (nothingToCheck) return { kind: "admitted", admission: { orgId: req.orgId, member, budgets, policies, settleShared: plan.settleShared, costNano: 0n, tokens: 0, held: false, headers: {} } };

  const exact = () => (typeof req.reservation === "function" ? req.reservation() : req.reservation);
  // A throttling budget admits an over-budget request by spending a throttle token (no refusal to retry on): exact only.
  const bound = plan.throttles ? null : (req.reservationBound?.() ?? null);
  // Far from every limit: admitted from this process's lease, at the bound (an unpriced model under a hard budget is refused below).
  const leaseCost = bound && (bound.costNano ?? (plan.enforced > 0 ? null : 0n));
  if (deps.leases && bound && leaseCost !== null) {
    const ticket = deps.leases.tryAdmit(plan.leased, boundedNano(leaseCost), scriptTokens(bound.inputTokens + bound.outputTokens));
    if (ticket) {
      return { kind: "admitted", admission: {
        orgId: req.orgId, member, budgets, policies, settleShared: plan.settleShared, costNano: ticket.costNano, tokens: ticket.tokens,
        held: false, lease: ticket, headers: rateLimitHeaders(deps.leases.headerFigures(ticket)),
      } };
    }
  }
  let tried = await reserve(deps, req, plan, member, bound ?? exact());
  // The bound was refused for its size: ask again with the exact count (the script applies nothing when it refuses).
  if (bound && tried.kind === "reply" && SIZE_REFUSALS.has(String(tried.reply[0]))) {
    const counted = exact();
    if (counted.inputTokens < bound.inputTokens) tried = await reserve(deps, req, plan, member, counted);
  }
  if (tried.kind === "done") return { kind: "admitted", admission: tried.admission };
  const { admission, reply } = tried;
  const costNano = admission.costNano;

  const [verdict, index, retryMs, spent, reserved] = reply as [string, number, number, string, string];
  if (verdict === "ok") {
    admission.held = true;
    admission.headers = rateLimitHeaders(reply.slice(1).map(Number));
    return { kind: "admitted", admission };
  }
  if (verdict === "downgrade") return { kind: "downgrade", budget: budgets[index - 1]!.rule };
  if (verdict === "budget") {
    const b = budgets[index - 1]!;
    const resetsIn = Math.max(1, Math.ceil((b.periodEnd.getTime() - req.at.getTime()) / 1000));
    throw new ProxyError(429, "budget_exceeded",
      `Budget "${b.rule.name}" (${b.rule.scope}, per ${b.rule.period}) has no room for this request; it resets at ${b.periodEnd.toISOString()}.`,
      null, {
        "retry-after": String(resetsIn),
        "x-tollgate-budget-id": b.rule.id,
        "x-tollgate-budget-resets-at": b.periodEnd.toISOString(),
        // What the decision saw, so a refusal can be checked: spent + reserved + this request's reserve > limit.
        "x-tollgate-budget-limit-usd": nanoToUsd(b.rule.amountNano),
        "x-tollgate-budget-spent-usd": nanoToUsd(BigInt(spent)),
        "x-tollgate-budget-reserved-usd": nanoToUsd(BigInt(reserved)),
        "x-tollgate-request-reserve-usd": nanoToUsd(costNano),
      });
  }
  const retryAfter = String(Math.max(1, Math.ceil(Number(retryMs) / 1000)));
  if (verdict === "throttle") {
    const b = budgets[index - 1]!.rule;
    throw new ProxyError(429, "budget_throttled", `Budget "${b.name}" is spent, so requests are throttled to ${b.throttleRpm} per minute until the period ends.`, null, { "retry-after": retryAfter, "x-tollgate-budget-id": b.id });
  }
  const what = verdict === "rpm" ? "requests per minute" : verdict === "tpm" ? "tokens per minute" : "concurrent requests";
  throw new ProxyError(429, "rate_limit_exceeded", `Rate limit reached (${what}, ${policies[index - 1]!.scope} policy). Retry after ${retryAfter}s.`, null, { "retry-after": retryAfter });
}

/** Refusals a smaller reservation may turn into an admission (rpm and concurrency do not depend on size). */
const SIZE_REFUSALS = new Set(["budget", "downgrade", "throttle", "tpm"]);

type Reserved = { kind: "reply"; admission: Admission; reply: (string | number)[] } | { kind: "done"; admission: Admission };

/** One run of the admission script with this reservation (or the outcome when Redis could not run it). */
async function reserve(deps: AdmissionDeps, req: AdmissionRequest, plan: LimitsPlan, member: string, reservation: Reservation): Promise<Reserved> {
  // Bounded for the script (int64 HINCRBY, exact doubles): a cost above the bound exceeds every budget anyway.
  const costNano = boundedNano(reservation.costNano ?? 0n);
  const tokens = scriptTokens(reservation.inputTokens + reservation.outputTokens);
  const admission: Admission = { orgId: req.orgId, member, budgets: plan.budgets, policies: plan.policies, settleShared: plan.settleShared, costNano, tokens, held: false, headers: {} };
  if (reservation.costNano === null && plan.enforced > 0) {
    const b = plan.budgets.find((x) => x.reserves)!.rule;
    throw new ProxyError(403, "model_unpriced", `The model '${req.model}' has no price, so budget "${b.name}" cannot be enforced. Add a price for it in Tollgate.`, "model");
  }
  try {
    return { kind: "reply", admission, reply: await deps.redis.limitAdmit.call(plan.admitShared, NO_KEYS, [req.at.getTime(), member, deps.reservationTtlMs, costNano.toString(), tokens]) };
  } catch (error) {
    if (isScriptError(error)) return { kind: "done", admission: refuseOnScriptError(deps, admission, plan.enforced > 0 || plan.policies.length > 0, error) };
    return { kind: "done", admission: admitWithoutRedis(deps, admission, plan.enforced > 0, error) };
  }
}

const NO_KEYS: readonly string[] = [];

/** What one set of limits means for admission and settle: built once per request shape and period, then reused. */
interface LimitsPlan {
  budgets: AdmittedBudget[];
  policies: RatePolicyRule[];
  /** How many budgets admission reserves on. */
  enforced: number;
  /** Whether an enforced budget throttles when spent. */
  throttles: boolean;
  /** The admission script's shared keys and args (lib/limits/limit-scripts.ts), one object for the batcher to dedupe. */
  admitShared: SharedPart;
  settleShared: SharedPart;
  /** What a lease for these limits is for (its admitShared is this plan's). */
  leased: LeasedLimits;
  /** The plan holds while the request's time is in every budget's period. */
  validFrom: number;
  validUntil: number;
}

// Per rules object (a reload makes a new one, so an edit starts fresh), per request shape. Bounded: a
// caller sending ever new tags or models cannot grow it past MAX_PLANS_PER_ORG.
const plans = new WeakMap<OrgLimitRules, Map<string, LimitsPlan>>();
const NO_LIMITS: LimitsPlan = {
  budgets: [], policies: [], enforced: 0, throttles: false,
  admitShared: { keys: [], args: [0, 0] }, settleShared: { keys: [], args: [0, 0] }, validFrom: -Infinity, validUntil: Infinity,
  leased: { key: "", admitShared: { keys: [], args: [0, 0] }, hasRpm: false, hasTpm: false, hasConcurrency: false, hasEnforcedBudget: false, rpm: -1, tpm: -1 },
};
const MAX_PLANS_PER_ORG = 1000;

function limitsPlan(rules: OrgLimitRules, req: AdmissionRequest): LimitsPlan {
  // An org without budgets or rate limits: one plan for all its requests, no shape to build.
  if (rules.budgets.length === 0 && rules.policies.length === 0) return NO_LIMITS;
  const t = req.at.getTime();
  const shape = shapeOf(req);
  let byShape = plans.get(rules);
  const known = byShape?.get(shape);
  if (known && t >= known.validFrom && t < known.validUntil) return known;
  const plan = buildPlan(rules, req);
  if (!byShape) plans.set(rules, (byShape = new Map()));
  if (byShape.size >= MAX_PLANS_PER_ORG) byShape.clear();
  byShape.set(shape, plan);
  return plan;
}

/** Everything budgetsFor and policiesFor read, each field length-prefixed so no two requests' shapes run together. */
function shapeOf(req: AdmissionRequest): string {
  const fields = [req.orgId, req.projectId, req.keyId, req.model, String(req.tags.length), ...req.tags, ...(req.downgraded?.size ? [...req.downgraded].sort() : [])];
  let shape = "";
  for (const f of fields) shape += `${f.length}:${f}`;
  return shape;
}

function buildPlan(rules: OrgLimitRules, req: AdmissionRequest): LimitsPlan {
  let validFrom = -Infinity;
  let validUntil = Infinity;
  const budgets: AdmittedBudget[] = budgetsFor(rules, req).map((rule) => {
    const window = periodWindow(rule.period, rules.timezone, req.at);
    validFrom = Math.max(validFrom, window.start.getTime());
    validUntil = Math.min(validUntil, window.end.getTime());
    return {
      rule, counterKey: budgetCounterKey(req.orgId, rule.id, window.start.getTime()), periodEnd: window.end,
      expireAtMs: window.end.getTime() + KEEP_AFTER_PERIOD_MS, reserves: modeOf(rule, req.downgraded) !== MODE.track,
    };
  });
  const policies = policiesFor(rules, req);
  const admitKeys: string[] = [];
  const admitArgs: (string | number)[] = [budgets.length, policies.length];
  const settleKeys: string[] = [];
  const settleArgs: (string | number)[] = [budgets.length, policies.length];
  for (const b of budgets) {
    const reservations = budgetReservationsKey(b.counterKey);
    admitKeys.push(b.counterKey, reservations, budgetThrottleKey(b.counterKey));
    admitArgs.push(b.rule.amountNano.toString(), modeOf(b.rule, req.downgraded), b.rule.throttleRpm ?? 1, b.expireAtMs);
    settleKeys.push(b.counterKey, reservations);
    settleArgs.push(b.reserves ? 1 : 0, b.expireAtMs);
  }
  for (const p of policies) {
    const policyKeys = [rateBucketsKey(req.orgId, p.id), concurrencyKey(req.orgId, p.id)];
    admitKeys.push(...policyKeys);
    admitArgs.push(p.requestsPerMin ?? 0, p.tokensPerMin ?? 0, p.maxConcurrent ?? 0);
    settleKeys.push(...policyKeys);
    settleArgs.push(p.tokensPerMin ?? 0);
  }
  const admitShared = { keys: admitKeys, args: admitArgs };
  const rpms = policies.map((p) => p.requestsPerMin ?? 0).filter((v) => v > 0);
  const tpms = policies.map((p) => p.tokensPerMin ?? 0).filter((v) => v > 0);
  return {
    budgets, policies,
    enforced: budgets.filter((b) => b.reserves).length,
    throttles: budgets.some((b) => b.reserves && modeOf(b.rule, req.downgraded) === MODE.throttle),
    admitShared,
    settleShared: { keys: settleKeys, args: settleArgs },
    leased: {
      key: JSON.stringify(admitShared), admitShared, hasRpm: rpms.length > 0, hasTpm: tpms.length > 0, hasConcurrency: policies.some((p) => (p.maxConcurrent ?? 0) > 0),
      hasEnforcedBudget: budgets.some((b) => b.reserves), rpm: rpms.length ? Math.min(...rpms) : -1, tpm: tpms.length ? Math.min(...tpms) : -1,
    },
    validFrom, validUntil,
  };
}

function modeOf(rule: BudgetRule, downgraded: Set<string> | undefined): number {
  if (rule.mode === "soft" || downgraded?.has(rule.id)) return MODE.track;
  return MODE[rule.breachAction];
}

/**
 * Redis answered, with an error: the script failed (a bug, or an argument it
 * cannot take), which is no outage. Nothing enforced may pass unchecked, so
 * a request under a hard budget or a rate limit is refused; one under soft
 * budgets only is served unreserved. The script may have applied part of its
 * work before failing: released like any refused admission.
 */
function refuseOnScriptError(deps: AdmissionDeps, admission: Admission, enforced: boolean, error: unknown): Admission {
  deps.log.error({ err: error instanceof Error ? error.message : String(error), refused: enforced }, "admission script failed");
  void settleReservation(deps.redis, deps.log, admission, { costNano: 0n, tokens: 0 });
  if (enforced) throw new ProxyError(500, "limits_check_failed", "Tollgate could not check this request against its budgets and rate limits, so it is refused.");
  return admission;
}

/** Replies that mean Redis cannot serve right now (loading, busy, failing over, out of memory): an outage. */
const OUTAGE_REPLY = /^(LOADING|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|READONLY|OOM|NOREPLICAS|MISCONF)\b/;

function isScriptError(error: unknown): boolean {
  return error instanceof ReplyError && !OUTAGE_REPLY.test((error as Error).message);
}

function admitWithoutRedis(deps: AdmissionDeps, admission: Admission, hasHardBudget: boolean, error: unknown): Admission {
  const refuse = deps.redisDownRefuses === "all-limited" || (deps.redisDownRefuses === "hard-budgets" && hasHardBudget);
  deps.log.error({ err: error instanceof Error ? error.message : String(error), refused: refuse }, "budget and rate-limit counters unreachable");
  // A hung Redis may still run the script later: release it then (same connection, so it runs after).
  if (refuse) void settleReservation(deps.redis, deps.log, admission, { costNano: 0n, tokens: 0 });
  if (refuse) throw new ProxyError(503, "limits_unavailable", "Tollgate cannot check this request's budget right now, so it is refused (fail-closed). Retry shortly.", null, { "retry-after": "5" });
  return admission;
}
