// Passive health: deployments passed over for a while after they failed.
// A 429 cools its deployment at once for as long as its retry-after asked;
// 5xx, timeouts and unreachable upstreams count, and `failures` of them
// within `windowMs` (seen by this instance) cool it for `cooldownMs`. The
// cool-down itself is kept in memory per proxy process and shared with the
// other instances over Redis pub/sub, so one instance's finding spares the
// others the same failures. A missed message only means an instance learns
// of the failure by failing itself.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

export const COOLDOWN_EVENTS_CHANNEL = "tollgate:routing:cooldown";
/** Entries past this count are pruned of the expired (a burst of failures cannot grow the map without end). */
const PRUNE_AT = 10_000;

export interface PassiveHealth {
  failures: number;
  windowMs: number;
  cooldownMs: number;
}

export const DEFAULT_PASSIVE_HEALTH: PassiveHealth = { failures: 3, windowMs: 30_000, cooldownMs: 30_000 };

export class DeploymentCooldowns {
  private until = new Map<string, number>();
  private failures = new Map<string, number[]>();
  private snapshot: ReadonlySet<string> = new Set();
  private snapshotAt = -1;
  /** This instance's own announcements come back over pub/sub: they are recognised and skipped. */
  private readonly instanceId = randomUUID();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly publisher?: Pick<Redis, "publish">,
    private readonly health: PassiveHealth = DEFAULT_PASSIVE_HEALTH,
  ) {}

  /** A failure that counts toward passive health; the Nth within the window cools the deployment down. */
  recordFailure(deploymentId: string): void {
    const now = this.clock();
    const since = now - this.health.windowMs;
    const recent = (this.failures.get(deploymentId) ?? []).filter((t) => t > since);
    recent.push(now);
    if (recent.length >= this.health.failures) {
      this.failures.delete(deploymentId);
      this.coolDown(deploymentId, this.health.cooldownMs);
      return;
    }
    this.failures.set(deploymentId, recent);
    if (this.failures.size > PRUNE_AT) {
      for (const [id, times] of this.failures) if (times[times.length - 1]! <= since) this.failures.delete(id);
    }
  }

  /** Cools a deployment down here and tells the other instances. */
  coolDown(deploymentId: string, ms: number): void {
    if (ms <= 0) return;
    const until = this.clock() + ms;
    this.apply(deploymentId, until);
    void this.publisher?.publish(COOLDOWN_EVENTS_CHANNEL, JSON.stringify({ deploymentId, until, from: this.instanceId })).catch(() => {});
  }

  clear(): void {
    this.until.clear();
    this.failures.clear();
    this.snapshotAt = -1;
  }

  /** A message from another instance (ignored when malformed). */
  receive(message: string): void {
    try {
      const m = JSON.parse(message) as { deploymentId?: unknown; until?: unknown; from?: unknown };
      if (m.from === this.instanceId) return;
      if (typeof m.deploymentId !== "string" || m.deploymentId.length > 200 || typeof m.until !== "number" || !Number.isFinite(m.until)) return;
      // Bounded: another instance's clock or a forged message cannot cool a deployment for longer than a minute from now.
      this.apply(m.deploymentId, Math.min(m.until, this.clock() + 60_000));
    } catch {
      // not ours
    }
  }

  /** The deployments cooling down now; the same set object until something changes or one expires. */
  active(): ReadonlySet<string> {
    const now = this.clock();
    if (this.until.size === 0) return this.snapshot.size === 0 ? this.snapshot : (this.snapshot = new Set());
    if (this.snapshotAt === now) return this.snapshot;
    const ids = new Set<string>();
    for (const [id, until] of this.until) {
      if (until > now) ids.add(id);
      else this.until.delete(id);
    }
    this.snapshot = ids;
    this.snapshotAt = now;
    return ids;
  }

  private apply(id: string, until: number): void {
    if (until <= (this.until.get(id) ?? 0)) return;
    this.until.set(id, until);
    this.snapshotAt = -1;
    if (this.until.size > PRUNE_AT) this.active();
  }
}
