// Admission leases: far from every limit, a process admits requests from an
// allowance it took from Redis in one call (a lease), so those requests wait
// on no round trip. The lease is held in Redis as ordinary reservations (one
// member on each enforced budget, slot members on each concurrency limit,
// tokens taken from the buckets; lib/limits/limit-scripts.ts, LEASE), so every
// other admission, on every instance, counts it: no limit can be passed by
// more than it would be without leases. Granted only while what a lease asks
// for is at most a tenth of what is left on every limit; nearer a limit each
// request asks Redis itself (lib/limits/admit-request.ts), with its exact
// refusals and headers.
//
// A lease is renewed about once a second while it is used; each renewal gives
// back the previous one (unused tokens included) and carries over what the
// process's unsettled requests still hold. A settled request's spend reaches
// Redis within 50 ms, summed with the lease's others in one settle call; then
// the unused part of its reservation returns to the lease. A lease unused for
// two seconds is given back; a crashed process's lapses like its requests'
// reservations.
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Logger } from "../log/logger";
import type { SharedPart } from "../redis/script-batcher";
import type { Admission } from "./admit-request";
import { MAX_SCRIPT_INTEGER, type LimitCommands } from "./limit-scripts";
import { settledBudgets, SETTLED_MARKER_TTL_MS, type SettledBudget } from "./settle-reservation";
import { settledMarkerKey } from "./limit-keys";

/** The limits a lease is for: the admission script's shared part (every request of the plan passes the same object). */
export interface LeasedLimits {
  /** The limits' identity (their keys and settings): requests of other shapes under the same limits share the lease. */
  key: string;
  admitShared: SharedPart;
  /** Whether some enforced budget or concurrency or rate limit is in the plan (else a lease is no use). */
  hasRpm: boolean;
  hasTpm: boolean;
  hasConcurrency: boolean;
  hasEnforcedBudget: boolean;
  /** The tightest request and token limits (-1: none), for the x-ratelimit headers. */
  rpm: number;
  tpm: number;
}

/** A request admitted under a lease: what it took, given back when it settles. */
export interface LeaseTicket {
  owner: AdmissionLeases;
  lease: Lease;
  costNano: bigint;
  tokens: number;
  /** Settled once: a repeated settle adds nothing. */
  settled: boolean;
}

interface PendingSpend {
  admission: Admission;
  actual: { costNano: bigint; tokens: number };
  resolve: (settled: SettledBudget[]) => void;
}

/** Settled requests' spend sent as one (member: its settle marker's, kept when it is sent again). */
interface SpendSum {
  member: string;
  items: PendingSpend[];
  total: bigint;
  attempts: number;
}

// What one renewal asks for: enough for 1.5 times the requests of the last
// lease's life, within these bounds; concurrency slots for twice the most that
// were in flight at once (each slot is a member in Redis).
const MIN_REQUESTS = 16;
const MAX_REQUESTS = 2048;
const MAX_SLOTS = 512;
/** A lease is granted only if it asks for at most 1/SHARE of what is left on every limit. */
const SHARE = 10;
/** How long a lease admits; renewed before, while it is used. */
const OPEN_MS = 1000;
const RENEW_BEFORE_MS = 250;
/** Given back after this long without an admission. */
const IDLE_MS = 2000;
/** After a refusal (no room for a lease), how long each request goes to Redis before a lease is asked for again. */
const RETRY_MS = 1000;
/** Calls that got no answer, remembered to be given back by the next one (beyond, they lapse in Redis). */
const MAX_UNANSWERED = 8;
/** A summed spend that failed is sent again (its marker makes it count once) this many times, a second apart. */
const SPEND_ATTEMPTS = 5;
/** close() gives each lease back, trying again this many times in all when a call gets no answer. */
const CLOSE_ATTEMPTS = 4;
/** How long a leased request's spend waits to reach Redis with the others' (one settle call for all of them). */
const SPEND_FLUSH_MS = 50;
const MAX_SPEND_NANO = BigInt(MAX_SCRIPT_INTEGER);
/** Above this a lease's amount would not stay exact in the script's doubles (2^53 nano-dollars): no lease. */
const MAX_LEASE_NANO = 2n ** 50n;

interface Lease {
  limits: LeasedLimits;
  /** The member of the lease Redis holds now (null: none). */
  member: string | null;
  alive: string | null;
  heldNano: bigint;
  heldSlots: number;
  open: boolean;
  openUntil: number;
  /** What is left to admit from. */
  roomNano: bigint;
  roomRequests: number;
  roomTokens: number;
  roomSlots: number;
  /** What the lease's unsettled requests hold (carried into each renewal). */
  inflightNano: bigint;
  inflightSlots: number;
  /** The lease call in flight. */
  renewal: Promise<void> | null;
  /** Calls that got no answer (applied or not). */
  unanswered: { member: string; alive: string }[];
  lastAskedAt: number;
  lastAdmitAt: number;
  admittedSinceRenewal: number;
  /** The most of its requests in flight at once since the last renewal. */
  peakInflight: number;
  largestCost: bigint;
  largestTokens: number;
  /** Levels Redis reported after the grant, for the headers. */
  requestsLeft: number;
  tokensLeft: number;
  /** A renewal whose outcome is unknown, or a settle that failed: the lease is left to lapse in Redis. */
  abandoned: boolean;
  /** Settled requests whose spend has not reached Redis yet (the lease still holds their reservations). */
  pending: PendingSpend[];
  /** Sums whose settle failed, sent again with the next flush. */
  retrying: SpendSum[];
  flushTimer: NodeJS.Timeout | null;
}

export class AdmissionLeases {
  private readonly leases = new Map<string, Lease>();
  /** Abandoned leases replaced in the map whose requests have not all settled (close() still flushes their spend). */
  private readonly retired = new Set<Lease>();
  private readonly instance = randomBytes(6).toString("hex");
  private seq = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis & LimitCommands,
    private readonly log: Logger,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.sweep(), 500);
    this.timer.unref();
    // A lost connection may be a Redis that restarted without its data: no lease admits again before a renewal
    // has checked it against what Redis holds now.
    redis.on("close", () => {
      for (const lease of this.leases.values()) lease.open = false;
    });
  }

  /** Admits under this plan's lease, or null: no lease is open with room for it (the caller asks Redis; a renewal is asked for meanwhile). */
  tryAdmit(limits: LeasedLimits, costNano: bigint, tokens: number): LeaseTicket | null {
    if (!limits.hasEnforcedBudget && !limits.hasRpm && !limits.hasTpm && !limits.hasConcurrency) return null;
    // Redis known to be gone: nothing is admitted past what Redis-down refuses (its settle could not land either).
    if (this.redis.status !== "ready") return null;
    const now = this.clock();
    let lease = this.leases.get(limits.key);
    // One left to lapse (Redis failed it) is replaced, but not at once: while Redis fails, about one call a second.
    if (lease?.abandoned && now - lease.lastAskedAt < RETRY_MS) return null;
    if (lease?.abandoned) this.retired.add(lease);
    if (!lease || lease.abandoned) this.leases.set(limits.key, (lease = newLease(limits)));
    lease.lastAdmitAt = now;
    if (costNano > lease.largestCost) lease.largestCost = costNano;
    if (tokens > lease.largestTokens) lease.largestTokens = tokens;
    const fits = lease.open && now < lease.openUntil && lease.roomNano >= costNano && lease.roomRequests >= 1 && lease.roomTokens >= tokens && lease.roomSlots >= 1;
    if (!fits) {
      this.renew(lease, now);
      return null;
    }
    lease.roomNano -= costNano;
    lease.roomRequests -= 1;
    lease.roomTokens -= tokens;
    lease.roomSlots -= 1;
    lease.inflightNano += costNano;
    lease.inflightSlots += 1;
    if (lease.inflightSlots > lease.peakInflight) lease.peakInflight = lease.inflightSlots;
    lease.admittedSinceRenewal += 1;
    if (now >= lease.openUntil - RENEW_BEFORE_MS) this.renew(lease, now);
    return { owner: this, lease, costNano, tokens, settled: false };
  }

  /** x-ratelimit-* figures for a request admitted under a lease: [limitReq, remainingReq, resetReqMs, limitTok, remainingTok, resetTokMs]. */
  headerFigures(ticket: LeaseTicket): number[] {
    const { lease } = ticket;
    const { rpm, tpm } = lease.limits;
    const remReq = rpm < 0 ? -1 : Math.max(0, Math.floor(lease.requestsLeft + lease.roomRequests));
    const remTok = tpm < 0 ? -1 : Math.max(0, Math.floor(lease.tokensLeft + lease.roomTokens));
    return [rpm, remReq, rpm > 0 ? Math.ceil(((rpm - remReq) * 60000) / rpm) : 0, tpm, remTok, tpm > 0 ? Math.ceil(((tpm - remTok) * 60000) / tpm) : 0];
  }

  /**
   * Settles a request admitted from a lease: its spend goes to Redis within SPEND_FLUSH_MS, in one settle call
   * with the lease's other requests' (the settle script, with a member of its own for the sum). Until then the
   * lease still holds its reservation. The budgets' spend before and after that call goes to the first request
   * of the sum (so a crossed threshold is reported once); the others get none.
   */
  settleLeased(admission: Admission, actual: { costNano: bigint; tokens: number }): Promise<SettledBudget[]> {
    const ticket = admission.lease!;
    if (ticket.settled) return Promise.resolve([]);
    ticket.settled = true;
    // Nothing spent (it never reached the upstream, or it cost nothing): nothing for Redis.
    if (actual.costNano === 0n) {
      this.settled(ticket, actual, true);
      return Promise.resolve([]);
    }
    const { lease } = ticket;
    return new Promise((resolve) => {
      lease.pending.push({ admission, actual, resolve });
      lease.flushTimer ??= setTimeout(() => void this.flushSpend(lease), SPEND_FLUSH_MS);
    });
  }

  private async flushSpend(lease: Lease): Promise<void> {
    if (lease.flushTimer) clearTimeout(lease.flushTimer);
    lease.flushTimer = null;
    const sums = lease.retrying.splice(0);
    // Sums the scripts take exactly (each request's spend is bounded to that already).
    let total = MAX_SPEND_NANO + 1n;
    for (const p of lease.pending.splice(0)) {
      if (total + p.actual.costNano > MAX_SPEND_NANO) {
        sums.push({ member: `lease:${this.instance}:spend:${++this.seq}`, items: [], total: 0n, attempts: 0 });
        total = 0n;
      }
      const sum = sums[sums.length - 1]!;
      sum.items.push(p);
      sum.total += p.actual.costNano;
      total += p.actual.costNano;
    }
    await Promise.all(sums.map((sum) => this.addSpend(lease, sum)));
  }

  private async addSpend(lease: Lease, sum: SpendSum): Promise<void> {
    const first = sum.items[0]!.admission;
    try {
      // As one request's settle: its marker makes it count once, however often it is sent; it holds no
      // reservation, slot or tokens to give back.
      const spent = await this.redis.limitSettle.call(first.settleShared, [settledMarkerKey(first.orgId, sum.member)], [sum.member, sum.total.toString(), "0", SETTLED_MARKER_TTL_MS, ...first.policies.map(() => 0)]);
      for (const p of sum.items) this.settled(p.admission.lease!, p.actual, true);
      const budgets = settledBudgets(first, spent, sum.total);
      sum.items.forEach((p, i) => p.resolve(i === 0 ? budgets : []));
    } catch (error) {
      const err = error instanceof Error ? error.message : String(error);
      if (++sum.attempts < SPEND_ATTEMPTS) {
        // The lease keeps holding these requests' reservations until their spend lands.
        lease.retrying.push(sum);
        lease.flushTimer ??= setTimeout(() => void this.flushSpend(lease), RETRY_MS);
        this.log.warn({ member: sum.member, err, attempts: sum.attempts }, "summed settle failed; sent again in a second");
        return;
      }
      this.log.error({ member: sum.member, err }, "settle failed; reconcile will restore the spend from the ledger");
      for (const p of sum.items) this.settled(p.admission.lease!, p.actual, false);
      for (const p of sum.items) p.resolve([]);
    }
  }

  /**
   * A ticket's request settled (its spend is in Redis now, or it never reached the upstream): what it held
   * beyond its actual use returns to the lease. `applied` false: its settle failed, so its spend may be missing
   * from Redis; the lease is then left to lapse there, still holding the reservation (never released early).
   */
  private settled(ticket: LeaseTicket, actual: { costNano: bigint; tokens: number }, applied: boolean): void {
    const { lease } = ticket;
    if (!applied) {
      this.abandon(lease, "a settle failed");
      return;
    }
    lease.inflightNano -= ticket.costNano;
    lease.inflightSlots -= 1;
    lease.roomNano += ticket.costNano - actual.costNano;
    lease.roomTokens += ticket.tokens - actual.tokens;
    lease.roomSlots += 1;
  }

  /** Gives back every lease (on shutdown; requests still unsettled keep what they hold). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const leases = [...this.leases.values()];
    await Promise.allSettled(leases.map((lease) => lease.renewal));
    await Promise.allSettled([...leases, ...this.retired].map((lease) => this.flushSpend(lease)));
    // A give-back that got no answer (Redis stalled a moment) is tried again: at exit nothing else would give it back before it lapses.
    for (let attempt = 0; attempt < CLOSE_ATTEMPTS; attempt++) {
      const left = [...this.leases.values()].filter((lease) => !lease.abandoned && (attempt === 0 || lease.unanswered.length > 0));
      if (left.length === 0) break;
      if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
      await Promise.allSettled(left.map((lease) => this.call(lease, this.clock(), false)));
    }
  }

  private sweep(): void {
    const now = this.clock();
    for (const [key, lease] of this.leases) {
      if (lease.renewal || now - lease.lastAdmitAt <= IDLE_MS) continue;
      if (!lease.abandoned && (lease.member !== null || lease.unanswered.length > 0)) {
        // Unused: give it back (what unsettled requests hold stays, until they settle).
        const holdsMore = lease.open || lease.unanswered.length > 0 || lease.heldNano > lease.inflightNano || lease.heldSlots > lease.inflightSlots;
        if (holdsMore && now - lease.lastAskedAt >= RETRY_MS / 2) void this.call(lease, now, false);
        continue;
      }
      if (lease.inflightSlots === 0 && lease.pending.length === 0 && lease.retrying.length === 0) this.leases.delete(key);
    }
    for (const lease of this.retired) if (lease.inflightSlots === 0 && lease.pending.length === 0 && lease.retrying.length === 0) this.retired.delete(lease);
  }

  private renew(lease: Lease, now: number): void {
    if (lease.renewal || lease.abandoned) return;
    if (!lease.open && now - lease.lastAskedAt < RETRY_MS) return;
    void this.call(lease, now, true);
  }

  /** One lease call at a time per lease: gives back the current lease, carries the unsettled requests' share over, and (wants) asks for a new allowance. */
  private call(lease: Lease, now: number, wants: boolean): Promise<void> {
    if (lease.renewal) return lease.renewal;
    if (lease.abandoned) return Promise.resolve();
    lease.renewal = this.callOnce(lease, now, wants).finally(() => {
      lease.renewal = null;
    });
    return lease.renewal;
  }

  private async callOnce(lease: Lease, now: number, wants: boolean): Promise<void> {
    lease.lastAskedAt = now;
    // Nothing is admitted from the old lease while it is being given back. Its tokens: what is left, or (negative)
    // what its requests used beyond what they held, charged to the bucket as the per-request settle does.
    const unusedRequests = lease.limits.hasRpm ? Math.max(0, lease.roomRequests) : 0;
    const unusedTokens = lease.limits.hasTpm ? Math.trunc(lease.roomTokens) : 0;
    const sentTokens = lease.roomTokens;
    lease.open = false;
    const n = Math.min(MAX_REQUESTS, Math.max(MIN_REQUESTS, Math.ceil(lease.admittedSinceRenewal * 1.5)));
    const slots = Math.min(MAX_SLOTS, n, Math.max(MIN_REQUESTS, 2 * lease.peakInflight));
    const want = { nano: BigInt(n) * lease.largestCost, requests: n, tokens: n * lease.largestTokens, slots };
    const carry = { nano: lease.inflightNano, slots: lease.inflightSlots };
    const member = `lease:${this.instance}:${++this.seq}`;
    const alive = `${member}:alive`;
    const { keys, args } = lease.limits.admitShared;
    const asks = wants && want.nano <= MAX_LEASE_NANO;
    const giveBack: (string | number)[][] = [];
    if (lease.member && lease.alive) giveBack.push([lease.member, lease.alive, 0, unusedRequests, unusedTokens]);
    for (const u of lease.unanswered) giveBack.push([u.member, u.alive, 1, 0, 0]);
    try {
      const [open, heldRaw, heldSlots, requestsLeft, tokensLeft] = await this.redis.limitLease(keys, [
        ...args, now, this.ttlMs, member, alive, SHARE, asks ? 1 : 0, carry.nano.toString(), carry.slots,
        want.nano.toString(), want.requests, want.tokens, want.slots, giveBack.length, ...giveBack.flat(),
      ]);
      lease.unanswered = [];
      const held = BigInt(heldRaw);
      lease.member = held > 0n || (lease.limits.hasConcurrency && heldSlots > 0) || open === 1 ? member : null;
      lease.alive = lease.member ? alive : null;
      lease.heldNano = held;
      lease.heldSlots = lease.limits.hasConcurrency ? heldSlots : 0;
      lease.admittedSinceRenewal = 0;
      lease.peakInflight = lease.inflightSlots;
      // The largest request of the last lease sizes the next one only: one large request does not size them all.
      lease.largestCost = 0n;
      lease.largestTokens = 0;
      lease.requestsLeft = requestsLeft;
      lease.tokensLeft = tokensLeft;
      // Tokens used beyond their hold by requests that settled during the call are still owed.
      const owedTokens = lease.limits.hasTpm ? Math.min(0, lease.roomTokens - sentTokens) : 0;
      if (open === 1) {
        lease.open = true;
        lease.openUntil = this.clock() + OPEN_MS;
        // Only the new allowance: what settled meanwhile is in Redis's spend and still inside the carried amount.
        lease.roomNano = lease.limits.hasEnforcedBudget ? want.nano : BigInt(Number.MAX_SAFE_INTEGER) * 1000n;
        lease.roomRequests = lease.limits.hasRpm ? want.requests : Infinity;
        lease.roomTokens = lease.limits.hasTpm ? want.tokens + owedTokens : Infinity;
        lease.roomSlots = lease.limits.hasConcurrency ? want.slots : Infinity;
      } else {
        lease.roomNano = 0n;
        lease.roomRequests = 0;
        lease.roomTokens = owedTokens;
        lease.roomSlots = 0;
      }
    } catch (error) {
      // Applied or not, Redis did not say. The next call gives this one back too if it was (its alive key tells),
      // and the current lease if this call did not; until then the lease admits nothing.
      lease.unanswered.push({ member, alive });
      if (lease.unanswered.length > MAX_UNANSWERED) lease.unanswered.shift(); // left to lapse in Redis
      this.log.warn({ err: error instanceof Error ? error.message : String(error), member }, "admission lease call got no answer");
    }
  }

  private abandon(lease: Lease, why: string): void {
    if (lease.abandoned) return;
    lease.abandoned = true;
    lease.open = false;
    lease.lastAskedAt = this.clock();
    this.log.warn({ err: why, member: lease.member }, "admission lease left to lapse");
  }
}

function newLease(limits: LeasedLimits): Lease {
  return {
    limits, member: null, alive: null, heldNano: 0n, heldSlots: 0, open: false, openUntil: 0,
    roomNano: 0n, roomRequests: 0, roomTokens: 0, roomSlots: 0, inflightNano: 0n, inflightSlots: 0,
    renewal: null, unanswered: [], lastAskedAt: -Infinity, lastAdmitAt: 0, admittedSinceRenewal: 0, peakInflight: 0, largestCost: 0n, largestTokens: 0,
    requestsLeft: -1, tokensLeft: -1, abandoned: false, pending: [], retrying: [], flushTimer: null,
  };
}
