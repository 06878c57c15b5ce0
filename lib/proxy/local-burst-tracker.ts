// Per proxy process: whether each local model is bursting to its cloud
// target (nextBurstState's hysteresis, fed the in-flight count Redis returns
// with every slot taken or counted), and the local model's recent times to
// first token (streamed answers only: a JSON answer has no first token).
// The in-flight count is global; the TTFT window is this instance's view.
import { nextBurstState, type BurstReason, type LocalCapacity } from "../routing/next-burst-state";
import { percentile } from "../benchmarks/metrics/describe-distribution";

const TTFT_WINDOW = 50;
const TTFT_MIN_SAMPLES = 10;
const TTFT_MAX_AGE_MS = 60_000;

interface ModelState {
  bursting: boolean;
  reason: BurstReason;
  ttft: { at: number; ms: number }[];
}

export class LocalBurstTracker {
  private models = new Map<string, ModelState>();
  /** Per org: alias -> bursting, the object decideRoute reads (kept, mutated in place). */
  private flagsByOrg = new Map<string, Record<string, boolean>>();

  constructor(private readonly clock: () => number = Date.now) {}

  flags(orgId: string): Readonly<Record<string, boolean>> | undefined {
    return this.flagsByOrg.get(orgId);
  }

  /** Feeds the latest in-flight count; returns the state after it. */
  update(orgId: string, model: string, inFlight: number, capacity: LocalCapacity): { bursting: boolean; reason: BurstReason } {
    const s = this.state(orgId, model);
    const next = nextBurstState(s.bursting, { inFlight, p95TtftMs: this.p95(s) }, capacity);
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
    const s = this.state(orgId, model);
    s.ttft.push({ at: this.clock(), ms });
    if (s.ttft.length > TTFT_WINDOW) s.ttft.shift();
  }

  private p95(s: ModelState): number | null {
    const since = this.clock() - TTFT_MAX_AGE_MS;
    const recent = s.ttft.filter((t) => t.at >= since).map((t) => t.ms);
    return recent.length < TTFT_MIN_SAMPLES ? null : percentile(recent.sort((x, y) => x - y), 95);
  }

  private state(orgId: string, model: string): ModelState {
    const key = `${orgId}\u0000${model}`;
    let s = this.models.get(key);
    if (!s) this.models.set(key, (s = { bursting: false, reason: "within-capacity", ttft: [] }));
    return s;
  }
}
