import { describe, expect, it } from "vitest";
import { AdmissionGate, QueueFullError } from "./admission-gate";

describe("AdmissionGate", () => {
  it("admits up to slots at once, queues the next in order and refuses beyond the queue", async () => {
    const gate = new AdmissionGate(2, 1);
    const a = await gate.acquire();
    const b = await gate.acquire();
    const order: string[] = [];
    const c = gate.acquire().then((release) => { order.push("c"); return release; });
    await expect(gate.acquire()).rejects.toBeInstanceOf(QueueFullError);
    expect([gate.busy, gate.queued]).toEqual([2, 1]);
    a();
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    expect([gate.busy, gate.queued]).toEqual([2, 0]);
    a(); // a second release of the same slot changes nothing
    expect(gate.busy).toBe(2);
    b();
    releaseC();
    expect(gate.busy).toBe(0);
  });

  it("drops a waiter whose signal aborts, and refuses an already aborted one", async () => {
    const gate = new AdmissionGate(1, 4);
    const hold = await gate.acquire();
    const abort = new AbortController();
    const waiting = gate.acquire(abort.signal);
    expect(gate.queued).toBe(1);
    abort.abort(new Error("client left"));
    await expect(waiting).rejects.toThrow("client left");
    expect(gate.queued).toBe(0);
    await expect(gate.acquire(abort.signal)).rejects.toThrow("client left");
    hold();
    expect(gate.busy).toBe(0);
  });

  it("with no queue, refuses as soon as every slot is taken", async () => {
    const gate = new AdmissionGate(1, 0);
    await gate.acquire();
    await expect(gate.acquire()).rejects.toMatchObject({ queued: 0 });
    expect(() => new AdmissionGate(0, 1)).toThrow();
  });
});
