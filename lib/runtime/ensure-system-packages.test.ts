import { describe, expect, it } from "vitest";
import { ensureSystemPackages, MissingSystemPackages, type SystemNeed } from "./ensure-system-packages";

function fakeNeed(name: string, installed = false): SystemNeed & { installed: boolean } {
  const need = { installed, debianPackage: name, hint: `${name} (apt-get install ${name})`, present: () => need.installed };
  return need;
}

describe("ensureSystemPackages", () => {
  it("does nothing when everything is present", () => {
    const calls: string[][] = [];
    ensureSystemPackages([fakeNeed("a", true)], () => {}, (p) => (calls.push(p), true), true);
    expect(calls).toEqual([]);
  });

  it("installs only what is missing, when it may", () => {
    const a = fakeNeed("a", true);
    const b = fakeNeed("b");
    const calls: string[][] = [];
    ensureSystemPackages([a, b], () => {}, (p) => { calls.push(p); b.installed = true; return true; }, true);
    expect(calls).toEqual([["b"]]);
  });

  it("stops with one line naming what to install when it may not install", () => {
    const calls: string[][] = [];
    const run = () => ensureSystemPackages([fakeNeed("redis-server"), fakeNeed("chromium")], () => {}, (p) => (calls.push(p), true), false);
    expect(run).toThrow(MissingSystemPackages);
    expect(run).toThrow("missing: redis-server (apt-get install redis-server); chromium (apt-get install chromium)");
    expect(calls).toEqual([]);
  });

  it("stops when the install did not produce the package", () => {
    expect(() => ensureSystemPackages([fakeNeed("x")], () => {}, () => false, true)).toThrow(/missing: x/);
  });
});
