// The web server in front of Next, as a stranger meets it: body limits
// enforced while the body streams in (memory stays flat under a 300 MB
// upload), sign-in attempts limited per account and address (shared through
// Redis, audited), security headers, JSON 404/405 for the management API, and
// sessions that sign-out ends on the server. Next itself is replaced by a
// handler that reads bodies the way Next does (all of it, into memory).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { authorize, getAuthOptions } from "../../lib/auth/auth-options";
import { SIGN_IN_LIMITS } from "../../lib/auth/limit-sign-in";
import { hashPassword } from "../../lib/auth/password";
import { SESSION_ABSOLUTE_SECONDS } from "../../lib/auth/revoke-session";
import { disconnectDb } from "../../lib/db";
import { webEnvSchema, type WebEnv } from "../../lib/env";
import { createLogger, setLogger } from "../../lib/log/logger";
import { disconnectRedis } from "../../lib/redis";
import { createRedis } from "../../lib/redis/create-redis";
import { createWebServer, type WebServer } from "../../lib/web/create-web-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

const MiB = 1024 * 1024;
let t: TestDatabase;
let redis: Redis;
let orgId: string;
let userId: string;
const seen: { bytes: number; headers: http.IncomingHttpHeaders }[] = [];

// Reads the whole body into memory, as Next's request handling does. The
// credentials callback runs the real authorize, answering as next-auth does
// (401 for no user or a thrown error, with the error in the redirect url).
async function fakeNext(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  seen.push({ bytes: body.length, headers: req.headers });
  if (req.url === "/api/auth/callback/credentials") {
    const credentials = Object.fromEntries(new URLSearchParams(body.toString()));
    const outcome = await authorize(credentials, { headers: req.headers as Record<string, unknown> }).then(
      (user) => (user ? "ok" : "CredentialsSignin"),
      (err: Error) => err.message,
    );
    const status = outcome === "ok" ? 200 : 401;
    return void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ url: outcome === "ok" ? "/" : `/api/auth/error?error=${outcome}` }));
  }
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bytes: body.length }));
}

const servers: WebServer[] = [];
async function startServer(env: Record<string, string> = {}): Promise<string> {
  const parsed = webEnvSchema.parse({ DATABASE_URL: t.url, REDIS_URL: redisUrl(), NEXTAUTH_SECRET: "x".repeat(32), ...env }) as WebEnv;
  const web = await createWebServer({ env: parsed, db: t.db, redis, subscriber: createRedis(redisUrl()), log: createLogger({ name: "test", level: "silent" }), nextHandler: fakeNext });
  servers.push(web);
  await new Promise<void>((r) => web.server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;
}

function redisUrl() {
  const url = new URL(inject("redisUrl"));
  url.pathname = `/${TEST_REDIS_DBS.webServerSecurity}`;
  return url.toString();
}

let base: string;
beforeAll(async () => {
  setLogger(createLogger({ name: "test", level: "silent" }));
  t = await createTestDatabase(inject("databaseServerUrl"));
  process.env.DATABASE_URL = t.url;
  process.env.REDIS_URL = redisUrl();
  process.env.NEXTAUTH_SECRET = "s".repeat(32);
  redis = createRedis(redisUrl());
  await redis.flushdb();
  orgId = (await t.db.org.create({ data: { name: "Sec Org", slug: "sec-org" } })).id;
  userId = (await t.db.user.create({ data: { email: "owner@sec.test", name: "Owner", passwordHash: await hashPassword("correct horse battery") } })).id;
  await t.db.membership.create({ data: { orgId, userId, role: "owner" } });
  base = await startServer();
});

afterAll(async () => {
  for (const s of servers) await s.close();
  redis.disconnect();
  disconnectRedis();
  await disconnectDb();
  await t.drop();
});

/**
 * Streams `total` bytes (64 KiB chunks, one reused buffer) and resolves with the status and body, or
 * null if the server hung up before an answer could be read. Like a well-behaved client it stops
 * sending once the answer arrives, so the answer is read before the server closes the connection.
 */
function upload(url: string, total: number, headers: Record<string, string>): Promise<{ status: number | null; body: string }> {
  return new Promise((resolve) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const req = http.request(url, { method: "POST", headers });
    let sent = 0;
    let done = false;
    const finish = (v: { status: number | null; body: string }) => !done && ((done = true), resolve(v));
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => finish({ status: res.statusCode ?? null, body }));
      res.on("error", () => finish({ status: res.statusCode ?? null, body }));
    });
    req.on("error", () => finish({ status: null, body: "" }));
    const pump = () => {
      while (sent < total && !req.destroyed && !answered) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed && !answered) req.end();
    };
    pump();
  });
}

describe("body limit on every non-proxy path", () => {
  it("refuses a 300 MB body, declared, chunked or under a lying Content-Length, without the process's memory growing", async () => {
    const before = seen.length;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const declared = await upload(`${base}/api/auth/callback/credentials`, 300 * MiB, { "content-type": "application/x-www-form-urlencoded", "content-length": String(300 * MiB) });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining(String(MiB)) });

    // The answer comes as soon as the limit is passed, before the connection is closed: 413 in the API's shape.
    const chunked = await upload(`${base}/api/manage/v1/projects`, 300 * MiB, { "content-type": "application/json", "transfer-encoding": "chunked" });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining(String(MiB)), requestId: expect.any(String) });
    // A Content-Length of 1000 is a 1000-byte body (handed to Next, below). What follows it would be the
    // next request on the connection; it is not HTTP, so Node's parser answers 400 at once (in the same
    // read that delivered the first 1000 bytes, before Next answers) and closes the connection.
    const lying = await upload(`${base}/budgets`, 300 * MiB, { "content-type": "text/plain", "content-length": "1000" });
    expect(lying.status).toBe(400);
    const grewMb = (process.memoryUsage().rss - rssBefore) / MiB;
    expect(grewMb).toBeLessThan(48);
    // Next never saw the oversized bodies; the lying one was cut at its declared length.
    expect(seen.slice(before).map((s) => s.bytes)).toEqual([1000]);
  });

  it("hands a body within the limit to Next intact, and counts bytes of a chunked one", async () => {
    const body = JSON.stringify({ name: "x".repeat(MiB - 20) });
    const ok = await fetch(`${base}/api/manage/v1/projects`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ bytes: Buffer.byteLength(body) });
    const over = await upload(`${base}/api/manage/v1/projects`, MiB + 64 * 1024, { "content-type": "application/json", "transfer-encoding": "chunked" });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body).error).toMatchObject({ code: "payload_too_large", requestId: expect.any(String) });
  });
});

describe("management API: unknown paths and methods", () => {
  it("answers in the API's JSON error shape, not Next's HTML 404 or an empty 405", async () => {
    const before = seen.length;
    const missing = await fetch(`${base}/api/manage/v1/no-such-thing`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: "not_found", requestId: expect.any(String) });
    const wrong = await fetch(`${base}/api/manage/v1/budgets/b1`, { method: "PATCH", headers: { "content-type": "application/json" }, body: "{}" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, PUT, DELETE");
    expect((await wrong.json()).error.code).toBe("method_not_allowed");
    expect(seen.length).toBe(before);
    expect((await fetch(`${base}/api/manage/v1/budgets/b1`)).status).toBe(200); // a real route reaches Next
  });
});

describe("security headers", () => {
  it("sends a nonce CSP (the same one Next is told), frame-ancestors 'none', nosniff and a referrer policy", async () => {
    const res = await fetch(`${base}/signin`, { headers: { "content-security-policy": "script-src *", "x-tollgate-client-ip": "1.2.3.4" } });
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+=*'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const told = seen.at(-1)!.headers;
    expect(told["content-security-policy"]).toBe(csp);
    expect(told["x-tollgate-client-ip"]).toBe("127.0.0.1"); // the socket's address, not the client's claim
    const again = await fetch(`${base}/signin`);
    expect(again.headers.get("content-security-policy")).not.toBe(csp); // a fresh nonce per response
  });

  it("takes the client address from X-Forwarded-For only when TOLLGATE_TRUST_PROXY=true", async () => {
    await fetch(`${base}/signin`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(seen.at(-1)!.headers["x-tollgate-client-ip"]).toBe("127.0.0.1");
    const trusting = await startServer({ TOLLGATE_TRUST_PROXY: "true" });
    await fetch(`${trusting}/signin`, { headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.9" } });
    expect(seen.at(-1)!.headers["x-tollgate-client-ip"]).toBe("203.0.113.9");
  });
});

describe("signed-out page visits", () => {
  it("answer a real 307 to sign-in with the page as callbackUrl, before Next renders anything", async () => {
    const before = seen.length;
    for (const [path, callback] of [["/", "%2F"], ["/projects?from=2026-11-01", "%2Fprojects%3Ffrom%3D2026-11-01"]] as const) {
      const res = await fetch(`${base}${path}`, { redirect: "manual" });
      expect(res.status, path).toBe(307);
      expect(res.headers.get("location")).toBe(`/signin?callbackUrl=${callback}`);
      expect(await res.text()).toBe("");
    }
    expect(seen.length).toBe(before);
    // With a session cookie the page is Next's to render (its guard checks the session); the API, sign-in and files pass as before.
    for (const [path, headers] of [["/", { cookie: "next-auth.session-token=x" }], ["/signin", {}], ["/favicon.ico", {}], ["/api/manage/v1/projects", {}]] as const) {
      const res = await fetch(`${base}${path}`, { redirect: "manual", headers });
      expect(res.status, path).toBe(200);
    }
    expect(seen.length).toBe(before + 4);
  });
});

describe("sign-in attempt limiting", () => {
  const signIn = (email: string, from = base) =>
    fetch(`${from}/api/auth/callback/credentials`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ email, password: "wrong", csrfToken: "x", json: "true" }) });
  const viaSocket = { headers: { "x-tollgate-client-ip": "127.0.0.1" } };

  it("locks an account after 10 failures (audited), with 429 and Retry-After, the same for an unknown email", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxFailures; i++) expect(await authorize({ email: "owner@sec.test", password: `wrong ${i}` }, viaSocket)).toBeNull();
    // Even the right password is refused now, in authorize itself (without the web server's claim) ...
    await expect(authorize({ email: "owner@sec.test", password: "correct horse battery" }, viaSocket)).rejects.toThrow("TooManyAttempts");
    // ... and the web server answers 429 before next-auth runs.
    const before = seen.length;
    const known = await signIn("OWNER@sec.test");
    expect(known.status).toBe(429);
    expect(Number(known.headers.get("retry-after"))).toBeGreaterThan(SIGN_IN_LIMITS.account.windowSeconds - 60);
    const knownBody = await known.json();
    expect(new URL(knownBody.url).searchParams.get("error")).toBe("TooManyAttempts");

    for (let i = 0; i < SIGN_IN_LIMITS.account.maxFailures; i++) await authorize({ email: "nobody@sec.test", password: "wrong" }, viaSocket);
    const unknown = await signIn("nobody@sec.test");
    expect(unknown.status).toBe(429);
    expect(await unknown.json()).toEqual(knownBody);
    expect(seen.length).toBe(before);

    const audit = await t.db.auditLog.findMany({ where: { orgId, action: "auth.sign_in_locked" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: "system:sign-in-limit", entityType: "user", entityId: userId, after: { scope: "account", address: "127.0.0.1" } });
  });

  it("locks a client address after 50 failures across any emails, shared by every web process", async () => {
    await redis.flushdb();
    const other = await startServer();
    for (let i = 0; i < SIGN_IN_LIMITS.address.maxFailures; i++) expect((await signIn(`guess${i}@sec.test`)).status).toBe(401);
    const fresh = await signIn("fresh@sec.test", other);
    expect(fresh.status).toBe(429);
    // Another address is not affected.
    expect(await authorize({ email: "owner@sec.test", password: "correct horse battery" }, { headers: { "x-tollgate-client-ip": "192.0.2.7" } })).toMatchObject({ id: userId });
  });

  it("forgets an account's failures after a successful sign-in", async () => {
    await redis.flushdb();
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxFailures - 1; i++) await authorize({ email: "owner@sec.test", password: "wrong" }, viaSocket);
    expect(await authorize({ email: "owner@sec.test", password: "correct horse battery" }, viaSocket)).toMatchObject({ id: userId });
    expect(await authorize({ email: "owner@sec.test", password: "wrong" }, viaSocket)).toBeNull();
    expect((await signIn("owner@sec.test")).status).toBe(401); // reached next-auth: wrong, but not locked
  });

  it("counts parallel guesses before verifying: of 50 sent at once, at most 10 passwords are checked", async () => {
    await redis.flushdb();
    const before = seen.length;
    const answers = await Promise.all(Array.from({ length: 50 }, () => signIn("owner@sec.test")));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s !== 429)).toHaveLength(SIGN_IN_LIMITS.account.maxFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - SIGN_IN_LIMITS.account.maxFailures);
    expect(seen.length - before).toBe(SIGN_IN_LIMITS.account.maxFailures); // only these reached next-auth

    // authorize on its own (Next without the web server) counts first as well: 50 at once, 10 verified and refused as wrong.
    await redis.flushdb();
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => authorize({ email: "nobody@sec.test", password: "wrong" }, viaSocket).then((u) => (u === null ? "verified" : "signed in"), (e: Error) => e.message)),
    );
    expect(outcomes.filter((o) => o === "verified")).toHaveLength(SIGN_IN_LIMITS.account.maxFailures);
    expect(outcomes.filter((o) => o === "TooManyAttempts")).toHaveLength(50 - SIGN_IN_LIMITS.account.maxFailures);
  });

  it("does not let a client pick the claim: a forged claim header is ignored and the attempt still counted", async () => {
    await redis.flushdb();
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxFailures; i++) {
      await authorize({ email: "owner@sec.test", password: "wrong" }, { headers: { "x-tollgate-client-ip": "127.0.0.1", "x-tollgate-sign-in-claim": "00000000-0000-0000-0000-000000000000" } });
    }
    expect((await signIn("owner@sec.test")).status).toBe(429);
  });

  it("takes a successful sign-in off the address's count (only failures count there)", async () => {
    await redis.flushdb();
    const ok = (from: string) => authorize({ email: "owner@sec.test", password: "correct horse battery" }, { headers: { "x-tollgate-client-ip": from } });
    for (let i = 0; i < SIGN_IN_LIMITS.address.maxFailures + 5; i++) expect(await ok("192.0.2.50")).toMatchObject({ id: userId });
  });
});

describe("sign-out", () => {
  it("revokes the session server-side: the same token no longer yields a user", async () => {
    const { callbacks, events } = getAuthOptions();
    const jwt = callbacks!.jwt! as (p: { token: Record<string, unknown>; user?: { id: string } }) => Promise<Record<string, unknown>>;
    const issued = await jwt({ token: { exp: Math.floor(Date.now() / 1000) + 3600 }, user: { id: userId } });
    expect(issued).toMatchObject({ uid: userId, sid: expect.any(String) });
    expect(await jwt({ token: issued })).toMatchObject({ uid: userId });
    await events!.signOut!({ token: issued, session: undefined as never });
    expect(await jwt({ token: issued })).toEqual({});
    expect(await jwt({ token: { uid: userId } })).toEqual({}); // no session id: not accepted
  });

  it("revokes for the rest of the session's absolute lifetime, not just the signing-out cookie's exp", async () => {
    const { callbacks, events } = getAuthOptions();
    const jwt = callbacks!.jwt! as (p: { token: Record<string, unknown>; user?: { id: string } }) => Promise<Record<string, unknown>>;
    // The cookie signing out expires in a minute; a copy refreshed later would live 12 h more.
    const issued = await jwt({ token: { exp: Math.floor(Date.now() / 1000) + 60 }, user: { id: userId } });
    await events!.signOut!({ token: issued, session: undefined as never });
    expect(await redis.ttl(`tollgate:session:revoked:${String(issued.sid)}`)).toBeGreaterThan(SESSION_ABSOLUTE_SECONDS - 60);
    expect(await jwt({ token: { ...issued, exp: Math.floor(Date.now() / 1000) + 12 * 3600 } })).toEqual({});
  });

  it("ends a session at its absolute lifetime from sign-in, however often it was refreshed", async () => {
    const jwt = getAuthOptions().callbacks!.jwt! as (p: { token: Record<string, unknown>; user?: { id: string } }) => Promise<Record<string, unknown>>;
    const issued = await jwt({ token: {}, user: { id: userId } });
    expect(issued.authAt).toEqual(expect.any(Number));
    const now = Math.floor(Date.now() / 1000);
    expect(await jwt({ token: { ...issued, authAt: now - SESSION_ABSOLUTE_SECONDS + 120 } })).toMatchObject({ uid: userId });
    expect(await jwt({ token: { ...issued, authAt: now - SESSION_ABSOLUTE_SECONDS - 1, exp: now + 3600 } })).toEqual({});
    expect(await jwt({ token: { uid: userId, sid: issued.sid } })).toEqual({}); // no sign-in time (issued before this rule): not accepted
    // A mark left by an outage is never trusted: the next read checks again.
    expect(await jwt({ token: { ...issued, unverifiable: true } })).toEqual({ ...issued });
  });

  it("keeps redirects after sign-in and sign-out on the site", () => {
    const redirect = getAuthOptions().callbacks!.redirect! as (p: { url: string; baseUrl: string }) => string;
    const baseUrl = "http://localhost:3000";
    expect(redirect({ url: "/budgets?x=1", baseUrl })).toBe("http://localhost:3000/budgets?x=1");
    expect(redirect({ url: "http://localhost:3000/keys", baseUrl })).toBe("http://localhost:3000/keys");
    for (const url of ["/\\evil.example", "/\t/evil.example", "//evil.example", "https://evil.example/x", "http://localhost:3000.evil.example/"]) {
      expect(redirect({ url, baseUrl }), url).toBe("http://localhost:3000/");
    }
  });
});
