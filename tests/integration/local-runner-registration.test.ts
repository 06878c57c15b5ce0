// `npm run runner -- --register`: registerLocalProvider against the real
// management API route handlers (called as Next calls them, with a real
// database): a local provider and model alias created once, found again on a
// re-run, the port and hardware price updated when they change, and the
// management API's refusals passed on with their reason.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { managementRoutes } from "../../app/api/manage/v1/route-registry";
import { disconnectDb } from "../../lib/db";
import { generateSecret } from "../../lib/keys/generate-secret";
import { registerLocalProvider, RegistrationError } from "../../lib/local-model/register-local-provider";
import { createLogger, setLogger } from "../../lib/log/logger";
import { disconnectRedis } from "../../lib/redis";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

let t: TestDatabase;
let orgId: string;
const tokens: Record<string, string> = {};

/** fetch for http://tollgate.test/api/manage/v1/...: dispatched to the route module the registry names. */
const managementFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  const path = url.pathname.replace(/^\/api\/manage\/v1/, "");
  for (const [pattern, mod] of Object.entries(managementRoutes)) {
    const names: string[] = [];
    const re = new RegExp(`^${pattern.replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), "([^/]+)"))}$`);
    const m = re.exec(path);
    if (!m) continue;
    const handler = mod[init?.method ?? "GET"] as Handler | undefined;
    if (!handler) return Response.json({ error: { message: "method" } }, { status: 405 });
    const params = Object.fromEntries(names.map((n, i) => [n, m[i + 1]!]));
    return handler(new NextRequest(url, { method: init?.method, headers: init?.headers, body: init?.body as string | undefined }), { params: Promise.resolve(params) });
  }
  return Response.json({ error: { message: "no route" } }, { status: 404 });
};

const register = (overrides: Partial<Parameters<typeof registerLocalProvider>[0]> = {}) =>
  registerLocalProvider({ tollgateUrl: "http://tollgate.test", token: tokens.owner!, name: "local-xyz", baseUrl: "http://127.0.0.1:8091/v1", upstreamModel: "local-xyz", fetch: managementFetch, ...overrides });

beforeAll(async () => {
  setLogger(createLogger({ name: "test", level: "silent" }));
  t = await createTestDatabase(inject("databaseServerUrl"));
  const redisUrl = new URL(inject("redisUrl"));
  redisUrl.pathname = `/${TEST_REDIS_DBS.localRunnerRegistration}`;
  process.env.DATABASE_URL = t.url;
  process.env.REDIS_URL = redisUrl.toString();
  process.env.NEXTAUTH_SECRET ??= "x".repeat(32);
  process.env.TOLLGATE_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString("base64");
  orgId = (await t.db.org.create({ data: { name: "Runner Org", slug: "runner-org" }, select: { id: true } })).id;
  for (const role of ["owner", "engineer", "finance"] as const) {
    const { secret, hashed, prefix } = generateSecret("tgm");
    await t.db.managementToken.create({ data: { orgId, name: role, role, hashedToken: hashed, prefix } });
    tokens[role] = secret;
  }
});

afterAll(async () => {
  await disconnectDb();
  disconnectRedis();
  await t.drop();
});

describe("registerLocalProvider", () => {
  it("creates the provider and the alias once, with the hardware price; a re-run changes nothing", async () => {
    const first = await register({ hourlyCostUsd: "0.20", expectedUtilisation: "0.5", credential: "runner-key" });
    expect(first).toMatchObject({ provider: "created", model: "created", priced: false });
    const provider = await t.db.provider.findUniqueOrThrow({ where: { id: first.providerId } });
    expect(provider).toMatchObject({ orgId, name: "local-xyz", vendor: "llamacpp", kind: "local", baseUrl: "http://127.0.0.1:8091/v1" });
    expect(provider.encryptedCredential).not.toBeNull();
    expect(provider.encryptedCredential).not.toContain("runner-key");
    const model = await t.db.model.findUniqueOrThrow({ where: { id: first.modelId }, select: { alias: true, isLocal: true, deployments: true } });
    expect(model).toMatchObject({ alias: "local-xyz", isLocal: true });
    expect(model.deployments.map((d) => [d.upstreamModel, d.hourlyCostUsd?.toString(), d.expectedUtilisation?.toString()])).toEqual([["local-xyz", "0.2", "0.5"]]);

    expect(await register({ hourlyCostUsd: "0.2", expectedUtilisation: "0.50" })).toEqual({ ...first, provider: "unchanged", model: "unchanged" });
    expect(await register()).toMatchObject({ provider: "unchanged", model: "unchanged" });
    expect(await t.db.provider.count({ where: { orgId } })).toBe(1);
    expect(await t.db.model.count({ where: { orgId } })).toBe(1);
  });

  it("follows the server to a new port and records a new hardware price", async () => {
    expect(await register({ baseUrl: "http://127.0.0.1:9999/v1", hourlyCostUsd: "0.35", expectedUtilisation: "0.25" })).toMatchObject({ provider: "updated", model: "updated" });
    expect((await t.db.provider.findFirstOrThrow({ where: { orgId, name: "local-xyz" } })).baseUrl).toBe("http://127.0.0.1:9999/v1");
    const d = await t.db.deployment.findFirstOrThrow({ where: { provider: { orgId, name: "local-xyz" } } });
    expect([d.hourlyCostUsd?.toString(), d.expectedUtilisation?.toString()]).toEqual(["0.35", "0.25"]);
    const audit = await t.db.auditLog.findMany({ where: { orgId }, orderBy: { id: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["provider.create", "model.create", "provider.update", "model.update"]);
  });

  it("passes on the management API's refusals with their reason, and refuses to take over a cloud provider", async () => {
    // Engineers may not create providers; finance may price but not create providers.
    await expect(register({ name: "eng-runner", upstreamModel: "eng-runner", token: tokens.engineer })).rejects.toThrow(/403 .*engineer/);
    const error = await register({ name: "eng-runner", upstreamModel: "eng-runner", token: tokens.finance }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistrationError);
    expect((error as RegistrationError).status).toBe(403);
    await expect(register({ token: "tgm_not_a_token" })).rejects.toThrow(/401/);
    await t.db.provider.create({ data: { orgId, name: "openai-ish", vendor: "openai", kind: "cloud", baseUrl: "https://api.example.com/v1" } });
    await expect(register({ name: "openai-ish", upstreamModel: "openai-ish" })).rejects.toThrow(/cloud provider named "openai-ish"/);
    await expect(registerLocalProvider({ tollgateUrl: "http://127.0.0.1:9", token: "x", name: "n", baseUrl: "http://127.0.0.1:1/v1", upstreamModel: "n" })).rejects.toThrow(/Could not reach Tollgate at http:\/\/127\.0\.0\.1:9/);
  });
});
