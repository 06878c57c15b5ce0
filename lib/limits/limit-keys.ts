// Redis keys for budget counters and rate limiters. Every key carries the
// org id as a hash tag ({org}), so all keys one request touches live in one
// Redis Cluster slot and a single script can update them atomically. (The
// proxy batches the scripts of one event-loop turn across orgs, which a
// single Redis, what Tollgate connects to, runs as one script; on Redis
// Cluster the batches would have to be split by org.)
// A budget's counter is keyed by its period start: a new period is a new
// key, so nothing is ever reset (old keys expire on their own).

export const budgetCounterKey = (orgId: string, budgetId: string, periodStartMs: number) => `tg:{${orgId}}:budget:${budgetId}:${periodStartMs}`;
export const budgetReservationsKey = (counterKey: string) => `${counterKey}:reservations`;
export const budgetThrottleKey = (counterKey: string) => `${counterKey}:throttle`;
/** A rate policy's request and token buckets, one hash. */
export const rateBucketsKey = (orgId: string, policyId: string) => `tg:{${orgId}}:rate:${policyId}:buckets`;
export const concurrencyKey = (orgId: string, policyId: string) => `tg:{${orgId}}:rate:${policyId}:inflight`;
export const settledMarkerKey = (orgId: string, member: string) => `tg:{${orgId}}:settled:${member}`;
/** Identifies one reservation: request id and attempt. */
export const reservationMember = (requestId: string, attempt: number) => `${requestId}:${attempt}`;
