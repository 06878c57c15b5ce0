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
