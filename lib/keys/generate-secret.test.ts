import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateSecret, hashSecret } from "./generate-secret";

describe("generateSecret", () => {
  it("returns a prefixed high-entropy secret, its sha256 and a display prefix", () => {
    const a = generateSecret("tg");
    const b = generateSecret("tg");
    expect(a.secret).toMatch(/^tg_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hashed).toBe(hashSecret(a.secret));
    expect(a.hashed).toMatch(/^[0-9a-f]{64}$/);
    expect(a.secret.startsWith(a.prefix)).toBe(true);
    expect(a.prefix.length).toBeLessThan(16);
  });
});

describe("hashSecret", () => {
  it("is the hex sha256 of the secret's UTF-8 bytes, the digest stored keys were saved with", () => {
    expect(hashSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (const secret of ["tg_" + "x".repeat(43), "tgm_é✓\u0000", ""]) expect(hashSecret(secret)).toBe(createHash("sha256").update(secret, "utf8").digest("hex"));
  });
});
