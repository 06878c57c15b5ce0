import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./secret-box";

describe("secret box", () => {
  const key = randomBytes(32);
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("sk-live-abc", key);
    expect(sealed).not.toContain("sk-live-abc");
    expect(sealed).not.toBe(encryptSecret("sk-live-abc", key));
    expect(decryptSecret(sealed, key)).toBe("sk-live-abc");
  });
  it("refuses a wrong key or a tampered value", () => {
    const sealed = encryptSecret("sk-live-abc", key);
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
  });
});
