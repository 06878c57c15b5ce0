import { describe, expect, it } from "vitest";
import { assertDeliverableUrl, isPublicAddress } from "./outbound-agent";

describe("alert delivery address guard", () => {
  it("accepts public addresses only", () => {
    for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) expect(isPublicAddress(a)).toBe(true);
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1"]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it("refuses private IP literals in URLs unless allowed", () => {
    expect(() => assertDeliverableUrl("http://169.254.169.254/latest/meta-data", false)).toThrow(/not a public address/);
    expect(() => assertDeliverableUrl("http://[::1]:8080/hook", false)).toThrow(/not a public address/);
    expect(() => assertDeliverableUrl("http://127.0.0.1:9000/hook", true)).not.toThrow();
    expect(() => assertDeliverableUrl("https://hooks.example.com/x", false)).not.toThrow();
  });
});
