import { describe, expect, it } from "vitest";
import { checkSessionWrite } from "./check-session-write";

const run = (method: string, headers: Record<string, string>, appUrl?: string) => () => checkSessionWrite({ method, headers: new Headers(headers), appUrl });

describe("session writes (CSRF rule)", () => {
  it("passes the app's own pages: same origin, JSON or no body", () => {
    expect(run("POST", { host: "localhost:3000", origin: "http://localhost:3000", "sec-fetch-site": "same-origin", "content-type": "application/json", "content-length": "2" })).not.toThrow();
    expect(run("DELETE", { host: "localhost:3000", origin: "http://localhost:3000" })).not.toThrow();
    expect(run("PUT", { host: "internal:3000", origin: "https://tollgate.example.com", "content-type": "application/json; charset=utf-8", "content-length": "9" }, "https://tollgate.example.com")).not.toThrow();
    expect(run("GET", {})).not.toThrow();
    expect(run("POST", { authorization: "Bearer tgm_x", origin: "https://evil.example", "content-type": "text/plain", "content-length": "9" })).not.toThrow();
  });

  it("refuses other origins, a missing origin and non-JSON bodies", () => {
    expect(run("POST", { host: "localhost:3000", origin: "https://evil.example" })).toThrow(/Cross-site request refused \(Origin: https:\/\/evil.example\)/);
    expect(run("POST", { host: "localhost:3000", origin: "http://localhost:3000", "sec-fetch-site": "same-site" })).toThrow(/Sec-Fetch-Site: same-site/);
    expect(run("POST", { host: "localhost:3000", origin: "null" })).toThrow(/Cross-site/);
    expect(run("PATCH", { host: "localhost:3000" })).toThrow(/no Origin header/);
    expect(run("POST", { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "text/plain", "content-length": "2" })).toThrow(/as JSON/);
    expect(run("POST", { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" })).toThrow(/as JSON/);
  });

  it("exempts only a well-formed management token: any other Authorization header is checked like a cookie call", () => {
    const crossSite = { origin: "https://evil.example", host: "localhost:3000", "content-type": "text/plain", "content-length": "9" };
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer abc", "Bearer tgm_", "tgm_abc", "Bearer tgm_a b", ""]) {
      expect(run("POST", { ...crossSite, authorization }), authorization).toThrow(/Cross-site request refused/);
    }
    expect(run("POST", { ...crossSite, authorization: "bearer   tgm_abc" })).not.toThrow();
  });
});
