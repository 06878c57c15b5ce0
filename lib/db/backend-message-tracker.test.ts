import { describe, expect, it } from "vitest";
import { BackendMessageTracker } from "./backend-message-tracker";

function message(type: string, body: number[] = []): number[] {
  const length = 4 + body.length;
  return [type.charCodeAt(0), (length >>> 24) & 255, (length >>> 16) & 255, (length >>> 8) & 255, length & 255, ...body];
}
const ready = (status: string) => message("Z", [status.charCodeAt(0)]);

describe("BackendMessageTracker", () => {
  it("is ready after a ReadyForQuery and remembers its transaction status", () => {
    const tracker = new BackendMessageTracker();
    tracker.feed(Uint8Array.from([...message("1"), ...message("2"), ...message("C", [0x53, 0x45, 0x4c, 0]), ...ready("T")]));
    expect(tracker.readyForQuery).toBe(true);
    expect(tracker.transactionStatus).toBe("T");
  });

  it("is not ready when a ReadyForQuery is followed by another message, or before any output", () => {
    const tracker = new BackendMessageTracker();
    expect(tracker.readyForQuery).toBe(false);
    tracker.feed(Uint8Array.from([...ready("I"), ...message("1")]));
    expect(tracker.readyForQuery).toBe(false);
  });

  it("follows messages split across chunks at every byte", () => {
    const stream = [...message("T", [0, 1, 2, 3, 4, 5]), ...message("D", [9, 9]), ...ready("E")];
    for (let cut = 1; cut < stream.length; cut++) {
      const tracker = new BackendMessageTracker();
      tracker.feed(Uint8Array.from(stream.slice(0, cut)));
      expect(tracker.readyForQuery).toBe(false);
      tracker.feed(Uint8Array.from(stream.slice(cut)));
      expect(tracker.readyForQuery).toBe(true);
      expect(tracker.transactionStatus).toBe("E");
    }
  });

  it("forgets the last message when a new frontend message starts", () => {
    const tracker = new BackendMessageTracker();
    tracker.feed(Uint8Array.from(ready("I")));
    tracker.startMessage();
    expect(tracker.readyForQuery).toBe(false);
  });
});
