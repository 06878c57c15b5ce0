import { describe, expect, it } from "vitest";
import { signedOutRedirect } from "./redirect-signed-out";

describe("signedOutRedirect", () => {
  it("sends a signed-out page visit to sign-in with the page as callbackUrl", () => {
    expect(signedOutRedirect("GET", "/", undefined)).toBe("/signin?callbackUrl=%2F");
    expect(signedOutRedirect("GET", "/projects?from=2026-11-01", "theme=dark")).toBe("/signin?callbackUrl=%2Fprojects%3Ffrom%3D2026-11-01");
    expect(signedOutRedirect("HEAD", "/budgets", "")).toBe("/signin?callbackUrl=%2Fbudgets");
  });
  it("lets a request with a session cookie through (the page guard checks the session itself)", () => {
    expect(signedOutRedirect("GET", "/", "next-auth.session-token=abc")).toBeNull();
    expect(signedOutRedirect("GET", "/", "a=1; __Secure-next-auth.session-token=abc")).toBeNull();
    expect(signedOutRedirect("GET", "/", "next-auth.session-token.0=abc; next-auth.session-token.1=def")).toBeNull();
    // An emptied cookie (what sign-out leaves behind) is no session.
    expect(signedOutRedirect("GET", "/", "next-auth.session-token=")).toBe("/signin?callbackUrl=%2F");
    expect(signedOutRedirect("GET", "/", "my-next-auth.session-token=abc")).toBe("/signin?callbackUrl=%2F");
  });
  it("leaves the API, Next's assets, the sign-in page, files and non-GET requests alone", () => {
    for (const url of ["/api/manage/v1/projects", "/api/auth/session", "/_next/static/x.js", "/signin", "/signin?callbackUrl=%2F", "/favicon.ico", "/icon.svg"]) {
      expect(signedOutRedirect("GET", url, undefined), url).toBeNull();
    }
    expect(signedOutRedirect("POST", "/", undefined)).toBeNull();
  });
  it("never puts another origin in the callback", () => {
    expect(signedOutRedirect("GET", "//evil.example/x", undefined)).toBe("/signin?callbackUrl=%2F");
  });
});
