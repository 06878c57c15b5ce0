// Per proxy process: whether each local model is bursting to its cloud
// target (nextBurstState's hysteresis), fed the in-flight count Redis
// returns with every slot taken or counted, and the p95 time to first token
// of the local model's recent streamed answers (a JSON answer has no first
// token) across every instance (shared-ttft-window.ts). Both inputs are
// global; the state is re-decided on each count, and again when a sync
// changes the p95, so an instance that serves no slow stream itself still
// bursts when another instance saw them.
import { nextBurstState, type BurstReason, type LocalCapacity } from "../routing/next-burst-state";
import type { SharedTtftWindow } from "./shared-ttft-window";

interface ModelState {
  bursting: boolean;
  reason: BurstReason;
  /** The last count and capacity seen, to re-decide on when only the p95 changed. */
  last: { inFlight: number; capacity: LocalCapacity } | null;
}

export class LocalBurstTracker {
  private models = new Map<string, ModelState>();
  /** Per org: alias -> bursting, the object decideRoute reads (kept, mutated in place). */
  private flagsByOrg = new Map<string, Record<string, boolean>>();

  constructor(private readonly ttft: SharedTtftWindow) {
    ttft.onChange = (orgId, model) => {
      const last = this.state(orgId, model).last;
      if (last) this.update(orgId, model, last.inFlight, last.capacity);
    };
  }

  flags(orgId: string): Readonly<Record<string, boolean>> | undefined {
    return this.flagsByOrg.get(orgId);
  }

  /** Feeds the latest in-flight count; returns the state after it. */
  update(orgId: string, model: string, inFlight: number, capacity: LocalCapacity): { bursting: boolean; reason: BurstReason } {
    const s = this.state(orgId, model);
    s.last = { inFlight, capacity };
    const next = nextBurstState(s.bursting, { inFlight, p95TtftMs: capacity.ttftObjectiveMs === undefined ? null : this.ttft.p95(orgId, model) }, capacity);
    s.bursting = next.bursting;
    s.reason = next.reason;
    let flags = this.flagsByOrg.get(orgId);
    if (!flags) this.flagsByOrg.set(orgId, (flags = Object.create(null) as Record<string, boolean>));
    flags[model] = next.bursting;
    return next;
  }

  reason(orgId: string, model: string): BurstReason {
    return this.state(orgId, model).reason;
  }

  recordTtft(orgId: string, model: string, ms: number): void {
    this.ttft.record(orgId, model, ms);
  }

  close(): void {
    this.ttft.close();
  }

  private state(orgId: string, model: string): ModelState {
    const key = `${orgId}\u0000${model}`;
    let s = this.models.get(key);
    if (!s) this.models.set(key, (s = { bursting: false, reason: "within-capacity", last: null }));
    return s;
  }
}
