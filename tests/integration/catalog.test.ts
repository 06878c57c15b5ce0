// Providers, models and the price book: credentials encrypted and never
// returned; price versions take effect in the proxy at their effectiveFrom;
// the price book exports and imports losslessly.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { exportPriceBook } from "../../lib/catalog/export-price-book";
import { importPriceBook } from "../../lib/catalog/import-price-book";
import { addModelPrice, createModel, listModels, updateModel } from "../../lib/catalog/manage-models";
import { createProvider, deleteProvider, listProviders, updateProvider } from "../../lib/catalog/manage-providers";
import { priceBookSchema } from "../../lib/catalog/price-book-schema";
import { createProviderSchema, updateProviderSchema } from "../../lib/catalog/provider-schemas";
import { decryptSecret } from "../../lib/crypto/secret-box";
import { installPriceBook } from "../../lib/pricing/install-price-book";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
let owner: Principal;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.catalog });
  owner = { kind: "user", actor: "user:test", userId: null, email: null, orgId: f.orgId, role: "owner" };
});
afterAll(() => f.close());

const chat = (model: string) =>
  fetch(`${f.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "one two three four" }] }),
  });

describe("providers", () => {
  it("store the credential encrypted and never return it", async () => {
    const key = randomBytes(32);
    // Parsed by the same schema the route uses (it trims the trailing slash).
    const input = createProviderSchema.parse({ name: "openrouter", vendor: "openrouter", kind: "cloud", baseUrl: "https://openrouter.ai/api/v1/", credential: "sk-or-secret" });
    const created = await createProvider(f.t.db, f.redis, owner, input, key);
    expect(created).toMatchObject({ name: "openrouter", baseUrl: "https://openrouter.ai/api/v1", hasCredential: true });
    expect(JSON.stringify(created)).not.toContain("sk-or-secret");
    const listed = await listProviders(f.t.db, owner);
    expect(JSON.stringify(listed)).not.toMatch(/sk-or-secret|encryptedCredential/);
    const row = await f.t.db.provider.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.encryptedCredential).not.toContain("sk-or-secret");
    expect(decryptSecret(row.encryptedCredential!, key)).toBe("sk-or-secret");
    const audit = await f.t.db.auditLog.findFirstOrThrow({ where: { entityId: created.id } });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain("sk-or-secret");
    expect(audit.after).toMatchObject({ name: "openrouter", hasCredential: true });
  });

  it("edit name and base URL, change the credential write-only, disable and enable", async () => {
    const key = randomBytes(32);
    const created = await createProvider(f.t.db, f.redis, owner, createProviderSchema.parse({ name: "editable", vendor: "openai", kind: "cloud", baseUrl: "https://a.example/v1", credential: "sk-old-secret" }), key);
    const edited = await updateProvider(f.t.db, f.redis, owner, created.id, updateProviderSchema.parse({ name: "edited", baseUrl: "https://b.example/v1/", credential: "sk-new-secret", enabled: false }), key);
    expect(edited).toMatchObject({ name: "edited", baseUrl: "https://b.example/v1", hasCredential: true, enabled: false });
    expect(JSON.stringify(edited)).not.toMatch(/sk-(old|new)-secret|encryptedCredential/);
    const row = await f.t.db.provider.findUniqueOrThrow({ where: { id: created.id } });
    expect(decryptSecret(row.encryptedCredential!, key)).toBe("sk-new-secret");
    const audit = await f.t.db.auditLog.findFirstOrThrow({ where: { entityId: created.id, action: "provider.update" } });
    expect(JSON.stringify([audit.before, audit.after])).not.toMatch(/sk-(old|new)-secret|encryptedCredential/);
    expect(await updateProvider(f.t.db, f.redis, owner, created.id, { enabled: true }, key)).toMatchObject({ enabled: true, hasCredential: true });
    expect(await updateProvider(f.t.db, f.redis, owner, created.id, { credential: null }, key)).toMatchObject({ hasCredential: false });
  });

  it("refuse to delete a provider that deployments still use, and delete an unused one with an audit entry", async () => {
    const used = await f.t.db.provider.findFirstOrThrow({ where: { orgId: f.orgId, name: "fake" }, include: { deployments: true } });
    expect(used.deployments.length).toBeGreaterThan(0);
    await expect(deleteProvider(f.t.db, f.redis, owner, used.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/still used by \d+ deployment/) });
    expect(await f.t.db.deployment.count({ where: { providerId: used.id } })).toBe(used.deployments.length);

    const unused = await createProvider(f.t.db, f.redis, owner, createProviderSchema.parse({ name: "unused", vendor: "vllm", kind: "local", baseUrl: "http://localhost:8000/v1" }), undefined);
    expect(await deleteProvider(f.t.db, f.redis, owner, unused.id)).toEqual({ id: unused.id, deleted: true });
    expect(await f.t.db.provider.findUnique({ where: { id: unused.id } })).toBeNull();
    expect(await f.t.db.auditLog.findFirst({ where: { entityId: unused.id, action: "provider.delete" } })).toMatchObject({ before: expect.objectContaining({ name: "unused" }) });
    await expect(deleteProvider(f.t.db, f.redis, owner, unused.id)).rejects.toMatchObject({ code: "not_found" });
    // Another org's provider is not found, not deleted.
    await expect(deleteProvider(f.t.db, f.redis, { ...owner, orgId: "other-org" }, used.id)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("price versions", () => {
  it("price each request with the version in effect when it ran, live in the proxy", async () => {
    // 4 prompt tokens + 20 completion tokens at 0.25 / 2 per 1M.
    expect((await chat("gpt-5-mini")).headers.get("x-tollgate-cost-usd")).toBe("0.000041000");
    const model = (await listModels(f.t.db, owner)).find((m) => m.alias === "gpt-5-mini")!;
    // A price from tomorrow changes nothing today.
    await addModelPrice(f.t.db, f.redis, owner, model.id, { effectiveFrom: new Date(Date.now() + 86_400_000).toISOString(), input: "100", output: "100", cachedInput: null, cacheWrite: null, reasoning: null, source: "future" });
    await new Promise((r) => setTimeout(r, 100));
    expect((await chat("gpt-5-mini")).headers.get("x-tollgate-cost-usd")).toBe("0.000041000");
    // A price from a second ago applies to the next request on every instance (catalog change broadcast).
    await addModelPrice(f.t.db, f.redis, owner, model.id, { effectiveFrom: new Date(Date.now() - 1000).toISOString(), input: "1", output: "4", cachedInput: null, cacheWrite: null, reasoning: null, source: "test" });
    await new Promise((r) => setTimeout(r, 100));
    expect((await chat("gpt-5-mini")).headers.get("x-tollgate-cost-usd")).toBe("0.000084000");
    const after = (await listModels(f.t.db, owner)).find((m) => m.alias === "gpt-5-mini")!;
    expect(after.currentPrice).toMatchObject({ input: "1", output: "4" });
    expect(after.priceVersions).toBe(3);
  });

  it("derive tiers from the blended price and let an admin override them", async () => {
    const providerId = (await f.t.db.provider.findFirstOrThrow({ where: { orgId: f.orgId, name: "fake" } })).id;
    const created = await createModel(f.t.db, f.redis, owner, {
      alias: "big-model", deployments: [{ providerId, upstreamModel: "big", priority: 0 }],
      price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "15", output: "75", cachedInput: null, cacheWrite: null, reasoning: null, source: null },
    });
    let model = (await listModels(f.t.db, owner)).find((m) => m.id === created.id)!;
    expect(model.effectiveTier).toBe("premium");
    await updateModel(f.t.db, f.redis, owner, created.id, { tierOverride: "mid" });
    model = (await listModels(f.t.db, owner)).find((m) => m.id === created.id)!;
    expect(model).toMatchObject({ tier: "premium", tierOverride: "mid", effectiveTier: "mid" });
    await expect(createModel(f.t.db, f.redis, owner, { alias: "big-model", deployments: [{ providerId, upstreamModel: "x", priority: 0 }] })).rejects.toThrow(/already exists/);
    await expect(createModel(f.t.db, f.redis, owner, { alias: "other", deployments: [{ providerId: "nope", upstreamModel: "x", priority: 0 }] })).rejects.toThrow(/unknown provider/);
  });
});

describe("price book import and export", () => {
  it("round-trips the catalog exactly into another org", async () => {
    const source = await f.t.db.org.create({ data: { name: "Source", slug: "source" }, select: { id: true } });
    await installPriceBook(f.t.db, source.id);
    const book = await exportPriceBook(f.t.db, source.id);
    expect(priceBookSchema.parse(JSON.parse(JSON.stringify(book)))).toEqual(book);
    expect(book.models.find((m) => m.alias === "claude-haiku-4.5")?.prices[0]).toMatchObject({ input: "1", cachedInput: "0.1", cacheWrite: "1.25", output: "5" });

    const target = await f.t.db.org.create({ data: { name: "Target", slug: "target" }, select: { id: true } });
    const result = await importPriceBook(f.t.db, f.redis, { ...owner, orgId: target.id }, book);
    expect(result).toEqual({ modelsCreated: book.models.length, pricesWritten: book.models.reduce((n, m) => n + m.prices.length, 0) });
    expect(await exportPriceBook(f.t.db, target.id)).toEqual(book);
    // Importing again corrects in place rather than duplicating.
    await importPriceBook(f.t.db, f.redis, { ...owner, orgId: target.id }, book);
    expect(await exportPriceBook(f.t.db, target.id)).toEqual(book);
  });

  it("rejects floats and malformed prices with a message naming the field", () => {
    const bad = priceBookSchema.safeParse({ version: 1, currency: "USD", unit: "per_1m_tokens", models: [{ alias: "m", prices: [{ effectiveFrom: "2026-01-01T00:00:00Z", input: 0.25, output: "1e-3" }] }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(["models.0.prices.0.input", "models.0.prices.0.output"]);
  });
});
