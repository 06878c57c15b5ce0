// Deployments passed over for a while after they failed (a 429 for as long
// as its retry-after asked, 5xx and connection errors briefly). Kept in
// memory per proxy process and shared with the other instances over Redis
// pub/sub, so one instance's 429 spares the others the same call. A missed
// message only means an instance learns of the failure by failing itself.
import type { Redis } from "ioredis";

export const COOLDOWN_EVENTS_CHANNEL = "tollgate:routing:cooldown";
/** Entries past this count are pruned of the expired (a burst of failures cannot grow the map without end). */
const PRUNE_AT = 10_000;

export class DeploymentCooldowns {
  private until = new Map<string, number>();
  private snapshot: ReadonlySet<string> = new Set();
  private snapshotAt = -1;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly publisher?: Pick<Redis, "publish">,
  ) {}

  /** Cools a deployment down here and tells the other instances. */
  coolDown(deploymentId: string, ms: number): void {
    if (ms <= 0) return;
    const until = this.clock() + ms;
    this.apply(deploymentId, until);
    void this.publisher?.publish(COOLDOWN_EVENTS_CHANNEL, JSON.stringify({ deploymentId, until })).catch(() => {});
  }

  clear(): void {
    this.until.clear();
    this.snapshotAt = -1;
  }

  /** A message from another instance (ignored when malformed). */
  receive(message: string): void {
    try {
      const m = JSON.parse(message) as { deploymentId?: unknown; until?: unknown };
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
