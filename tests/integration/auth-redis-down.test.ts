// Sign-in and sessions while Redis (attempt counters, session revocations)
// is down or hung: every check answers within about a second, on a fail-fast
// connection, instead of waiting for Redis to come back with the request (and
// its socket and held body) parked. Sign-in answers 503 (no password is
// checked without its counter); a session read marks the session
// unverifiable (nobody is authenticated by it) without signing the user out.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { authorize, getAuthOptions } from "../../lib/auth/auth-options";
import { hashPassword } from "../../lib/auth/password";
import { disconnectDb } from "../../lib/db";
import { webEnvSchema, type WebEnv } from "../../lib/env";
import { createLogger, setLogger } from "../../lib/log/logger";
import { getRedis } from "../../lib/redis";
import { createRedis } from "../../lib/redis/create-redis";
import { createWebServer, type WebServer } from "../../lib/web/create-web-server";
import { startRedis, type LocalRedis } from "../support/local-services";
import { startStoppableRedis, type StoppableRedis } from "../support/stoppable-redis";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let t: TestDatabase;
let stoppable: StoppableRedis;
let hung: LocalRedis;
let userId: string;
const servers: WebServer[] = [];
const clients: Redis[] = [];

// Next's stand-in: the credentials callback runs the real authorize, answering as next-auth does.
async function fakeNext(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const credentials = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
  const outcome = await authorize(credentials, { headers: req.headers as Record<string, unknown> }).then((u) => (u ? "ok" : "CredentialsSignin"), (e: Error) => e.message);
  res.writeHead(outcome === "ok" ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify({ url: `/api/auth/error?error=${outcome}` }));
}

async function startServer(redisUrl: string): Promise<string> {
  const env = webEnvSchema.parse({ DATABASE_URL: t.url, REDIS_URL: redisUrl, NEXTAUTH_SECRET: "x".repeat(32) }) as WebEnv;
  const redis = createRedis(redisUrl);
  const subscriber = createRedis(redisUrl);
  for (const c of [redis, subscriber]) c.on("error", () => {}); // the outage is the point
  clients.push(redis, subscriber);
  const web = await createWebServer({ env, db: t.db, redis, subscriber, log: createLogger({ name: "test", level: "silent" }), nextHandler: fakeNext });
  servers.push(web);
  await new Promise<void>((r) => web.server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;
}

const signIn = (base: string, password: string) =>
  fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "owner@down.test", password, csrfToken: "x", json: "true" }),
    signal: AbortSignal.timeout(5000), // a hang fails the test instead of stalling it
  });

/** Resolves with the promise's outcome and how long it took; a hang past 5 s is an outcome too. */
async function timed<T>(work: Promise<T>): Promise<{ ms: number; value?: T; error?: string }> {
  const started = performance.now();
  const hang = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("hung for 5 s")), 5000).unref());
  try {
    const value = await Promise.race([work, hang]);
    return { ms: performance.now() - started, value };
  } catch (err) {
    return { ms: performance.now() - started, error: (err as Error).message };
  }
}

beforeAll(async () => {
  setLogger(createLogger({ name: "test", level: "silent" }));
  t = await createTestDatabase(inject("databaseServerUrl"));
  [stoppable, hung] = await Promise.all([startStoppableRedis(), startRedis()]);
  process.env.DATABASE_URL = t.url;
  process.env.REDIS_URL = stoppable.url; // what authorize and the session check use
  process.env.NEXTAUTH_SECRET = "s".repeat(32);
  const orgId = (await t.db.org.create({ data: { name: "Down Org", slug: "down-org" } })).id;
  userId = (await t.db.user.create({ data: { email: "owner@down.test", name: "Owner", passwordHash: await hashPassword("correct horse battery") } })).id;
  await t.db.membership.create({ data: { orgId, userId, role: "owner" } });
});

afterAll(async () => {
  hung?.resume();
  for (const s of servers) await s.close();
  for (const c of clients) c.disconnect();
  getRedis().disconnect();
  await disconnectDb();
  await t?.drop();
  await stoppable?.remove();
  await hung?.stop();
});

describe("auth while Redis is down", () => {
  it("answers sign-in 503 at once, and neither authorize nor the session check waits for Redis", async () => {
    const base = await startServer(stoppable.url);
    expect((await signIn(base, "correct horse battery")).status).toBe(200);
    const jwt = getAuthOptions().callbacks!.jwt! as (p: { token: Record<string, unknown>; user?: { id: string } }) => Promise<Record<string, unknown>>;
    const session = getAuthOptions().callbacks!.session! as unknown as (p: { session: Record<string, unknown>; token: Record<string, unknown> }) => Record<string, unknown>;
    const issued = await jwt({ token: {}, user: { id: userId } });
    expect(await jwt({ token: issued })).toMatchObject({ uid: userId });

    await stoppable.stop();
    const refused = await timed(signIn(base, "correct horse battery"));
    expect(refused.error).toBeUndefined();
    expect(refused.ms).toBeLessThan(2500);
    expect(refused.value!.status).toBe(503);
    expect(Number(refused.value!.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await refused.value!.json();
    expect(new URL(body.url).searchParams.get("error")).toBe("Unavailable");
    expect(body.error).toMatchObject({ code: "unavailable", message: expect.stringContaining("try again") });

    // authorize on its own (Next without the web server): refused, not hung, with an error the sign-in form names.
    const direct = await timed(authorize({ email: "owner@down.test", password: "correct horse battery" }, { headers: { "x-tollgate-client-ip": "127.0.0.1" } }));
    expect(direct.error).toBe("Unavailable");
    expect(direct.ms).toBeLessThan(2500);

    // A session read: kept (the user is not signed out by an outage) but nobody is authenticated by it.
    const read = await timed(jwt({ token: issued }));
    expect(read.ms).toBeLessThan(2500);
    expect(read.value).toMatchObject({ uid: userId, sid: issued.sid, unverifiable: true });
    const shown = session({ session: { user: { email: "owner@down.test" }, expires: "" }, token: read.value! });
    expect(shown).toMatchObject({ unverifiable: true });
    expect((shown.user as { id?: string }).id).toBeUndefined();

    // Back up: everything works again, and the outage's mark is dropped.
    await stoppable.start();
    await expect.poll(async () => (await signIn(base, "correct horse battery")).status, { timeout: 10_000 }).toBe(200);
    expect(await jwt({ token: read.value! })).toEqual(issued);
  });

  it("answers sign-in 503 within about a second when Redis hangs (SIGSTOP)", async () => {
    const base = await startServer(hung.url);
    await new Promise((r) => setTimeout(r, 200)); // connected before it hangs
    hung.pause();
    const refused = await timed(signIn(base, "wrong"));
    expect(refused.error).toBeUndefined();
    expect(refused.value!.status).toBe(503);
    expect(refused.ms).toBeLessThan(2500);
    hung.resume();
  });
});
