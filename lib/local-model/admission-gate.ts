// At most `slots` generations at once (one per llama context sequence), the
// next `maxQueued` waiting in arrival order, anything beyond refused at once
// so a burst cannot pile up unbounded work. A waiter whose client left is
// dropped from the queue.
export class QueueFullError extends Error {
  constructor(readonly queued: number) {
    super(`all sequences are busy and ${queued} requests are already waiting`);
    this.name = "QueueFullError";
  }
}

export type Release = () => void;

export class AdmissionGate {
  private active = 0;
  private readonly waiting: { grant: (release: Release) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(
    readonly slots: number,
    readonly maxQueued: number,
  ) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error("slots must be a positive integer");
    if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new Error("maxQueued must be a non-negative integer");
  }

  get busy(): number { return this.active; }
  get queued(): number { return this.waiting.length; }

  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueued) return Promise.reject(new QueueFullError(this.waiting.length));
    return new Promise<Release>((resolve, reject) => {
      const entry: (typeof this.waiting)[number] = { grant: resolve, signal };
      if (signal) {
        entry.onAbort = () => {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", entry.onAbort, { once: true });
      }
      this.waiting.push(entry);
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (!next) {
        this.active--;
        return;
      }
      if (next.onAbort) next.signal?.removeEventListener("abort", next.onAbort);
      next.grant(this.releaser()); // the slot passes straight to the next waiter
    };
  }
}
