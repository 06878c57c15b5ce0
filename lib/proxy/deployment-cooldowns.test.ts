import { describe, expect, it } from "vitest";
import { COOLDOWN_EVENTS_CHANNEL, DeploymentCooldowns } from "./deployment-cooldowns";

describe("DeploymentCooldowns", () => {
  it("holds a deployment for the time asked, then lets it go", () => {
    let now = 1_000;
    const c = new DeploymentCooldowns(() => now);
    c.coolDown("d1", 500);
    expect(c.active().has("d1")).toBe(true);
    now = 1_499;
    expect(c.active().has("d1")).toBe(true);
    now = 1_500;
    expect(c.active().has("d1")).toBe(false);
  });

  it("tells the other instances, and takes their word only within a minute from now", () => {
    const sent: [string, string][] = [];
    const now = 10_000;
    const a = new DeploymentCooldowns(() => now, { publish: async (ch: string, m: string) => (sent.push([ch, m]), 1) } as never);
    a.coolDown("d1", 2_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]![0]).toBe(COOLDOWN_EVENTS_CHANNEL);
    expect(JSON.parse(sent[0]![1])).toMatchObject({ deploymentId: "d1", until: 12_000 });
    a.clear();
    a.receive(sent[0]![1]); // its own announcement, echoed back: skipped
    expect(a.active().has("d1")).toBe(false);
    const b = new DeploymentCooldowns(() => now);
    b.receive(sent[0]![1]);
    expect(b.active().has("d1")).toBe(true);
    b.receive(JSON.stringify({ deploymentId: "d2", until: 1e300 }));
    b.receive("not json");
    b.receive(JSON.stringify({ deploymentId: 5, until: 11_000 }));
    const later = new DeploymentCooldowns(() => now + 60_001);
    later.receive(JSON.stringify({ deploymentId: "d2", until: 1e300 }));
    expect([...b.active()].sort()).toEqual(["d1", "d2"]);
  });

  it("cools a deployment down at the Nth failure within the window, not before, and forgets failures older than it", () => {
    let now = 0;
    const c = new DeploymentCooldowns(() => now, undefined, { failures: 3, windowMs: 1_000, cooldownMs: 5_000 });
    c.recordFailure("d1");
    now = 600;
    c.recordFailure("d1");
    now = 1_100; // the first has left the window
    c.recordFailure("d1");
    expect(c.active().has("d1")).toBe(false);
    now = 1_200;
    c.recordFailure("d1");
    expect(c.active().has("d1")).toBe(true);
    now = 6_199;
    expect(c.active().has("d1")).toBe(true);
    now = 6_200;
    expect(c.active().has("d1")).toBe(false);
  });

  it("never shortens a cool-down already running", () => {
    let now = 0;
    const c = new DeploymentCooldowns(() => now);
    c.coolDown("d1", 10_000);
    c.coolDown("d1", 10);
    now = 5_000;
    expect(c.active().has("d1")).toBe(true);
  });
});
