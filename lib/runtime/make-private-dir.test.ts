import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makePrivateDir, SharedDataDirError } from "./make-private-dir";

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});
const modeOf = async (p: string) => (await stat(p)).mode & 0o7777;

describe("makePrivateDir", () => {
  it("creates a directory only its owner may enter, and makes an existing world-readable one private", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tollgate-private-"));
    await makePrivateDir(path.join(dir, "new", "nested"));
    expect(await modeOf(path.join(dir, "new", "nested"))).toBe(0o700);
    const old = path.join(dir, "old");
    await mkdir(path.join(old, "other"), { recursive: true, mode: 0o755 });
    await chmod(old, 0o755);
    await makePrivateDir(old);
    expect(await modeOf(old)).toBe(0o700);
    expect(await modeOf(path.join(old, "other"))).toBe(0o755); // what else it holds is left alone
  });

  it("refuses a shared directory such as /tmp instead of locking everyone out of it", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "tollgate-private-"));
    await chmod(dir, 0o1777);
    await expect(makePrivateDir(dir)).rejects.toThrow(SharedDataDirError);
    expect(await modeOf(dir)).toBe(0o1777);
  });
});
