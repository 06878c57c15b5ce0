import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./sign-webhook";

describe("webhook signatures", () => {
  const secret = "whsec_0123456789abcdef";
  const body = JSON.stringify({ kind: "threshold", message: "80%" });

  it("verify with the right secret, body and a fresh timestamp only", () => {
    const header = signWebhook(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, header, 1_800_000_010)).toBe(true);
    expect(verifyWebhook("whsec_wrong-secret-000", body, header, 1_800_000_010)).toBe(false);
    expect(verifyWebhook(secret, body.replace("80", "90"), header, 1_800_000_010)).toBe(false);
    expect(verifyWebhook(secret, body, header, 1_800_000_400)).toBe(false);
    expect(verifyWebhook(secret, body, "t=1800000000,v1=00", 1_800_000_010)).toBe(false);
  });
});
