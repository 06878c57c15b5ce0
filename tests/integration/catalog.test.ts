// Providers, models and the price book: credentials encrypted and never
// returned; price versions take effect in the proxy at their effectiveFrom;
// the price book exports and imports losslessly.
import { randomBytes } from "node:crypto";
import Decimal from "decimal.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { exportPriceBook } from "../../lib/catalog/export-price-book";
import { importPriceBook } from "../../lib/catalog/import-price-book";
import { addModelPrice, createModel, listModels, updateModel } from "../../lib/catalog/manage-models";
import { createProvider, deleteProvider, listProviders, updateProvider } from "../../lib/catalog/manage-providers";
import { priceBookSchema } from "../../lib/catalog/price-book-schema";
import { applyPublicPrices, reviewPublicPrices, type PublicPriceReview } from "../../lib/catalog/public-prices/io/public-price-book";
import { AppError } from "../../lib/http/app-error";
import { assertScenarioMatchesCatalog } from "../../lib/whatif/io/manage-scenarios";
import { scenarioSchema } from "../../lib/whatif/scenario-schema";
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

describe("the public price dataset (@pydantic/genai-prices)", () => {
  const pickNew = (review: PublicPriceReview, n: number) => review.entries.filter((e) => e.status === "new" && e.contextWindow).slice(0, n).map((e) => e.alias);

  it("reviews without writing, applies the picked rows with provenance, and a scenario can target what it created", async () => {
    const before = await f.t.db.model.count({ where: { orgId: f.orgId } });
    const review = await reviewPublicPrices(f.t.db, owner);
    expect(review.counts.new).toBeGreaterThan(150);
    expect(review.source).toMatch(/^@pydantic\/genai-prices@0\.1\.8 \(imported \d{4}-\d{2}-\d{2}\)$/);
    expect(await f.t.db.model.count({ where: { orgId: f.orgId } })).toBe(before);

    const aliases = pickNew(review, 2);
    expect(aliases).toHaveLength(2);
    const applied = await applyPublicPrices(f.t.db, f.redis, owner, { aliases });
    expect(applied).toMatchObject({ created: 2, updated: 0, modelsCreated: 2 });
    const rows = await f.t.db.model.findMany({ where: { orgId: f.orgId, alias: { in: aliases } }, include: { prices: true, deployments: true } });
    expect(rows).toHaveLength(2);
    for (const m of rows) {
      expect(m.deployments).toEqual([]); // priced only: a what-if candidate, not a route
      expect(m.contextWindow).toBe(review.entries.find((e) => e.alias === m.alias)!.contextWindow);
      expect(m.prices.length).toBeGreaterThan(0);
      for (const p of m.prices) expect(p.source).toBe(review.source);
      const proposed = review.entries.find((e) => e.alias === m.alias)!.proposed;
      expect(m.prices.map((p) => p.inputPerMTok.toString()).sort()).toEqual(proposed.map((p) => new Decimal(p.input).toString()).sort());
    }
    expect(await f.t.db.auditLog.findFirst({ where: { orgId: f.orgId, action: "price_book.import" }, orderBy: { createdAt: "desc" } })).not.toBeNull();
    const again = await reviewPublicPrices(f.t.db, owner);
    for (const alias of aliases) expect(again.entries.find((e) => e.alias === alias)!.status).toBe("unchanged");

    // Its price is in effect from before any range, so a scenario may move traffic to it.
    const scenario = scenarioSchema.parse({ name: "to a public model", range: { from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" }, rules: [{ sharePercent: 100, target: { model: aliases[0] } }] });
    await expect(assertScenarioMatchesCatalog(f.t.db, f.orgId, scenario)).resolves.toBeUndefined();
  });

  it("a price the dataset gave that has moved becomes a new version from now, the past kept; a hand-set price is never overwritten", async () => {
    const [alias, handAlias] = pickNew(await reviewPublicPrices(f.t.db, owner), 2);
    await applyPublicPrices(f.t.db, f.redis, owner, { aliases: [alias!, handAlias!] });
    const model = await f.t.db.model.findFirstOrThrow({ where: { orgId: f.orgId, alias }, include: { prices: { orderBy: { effectiveFrom: "desc" }, take: 1 } } });
    // As if the dataset had since changed: the stored (dataset-sourced) price now differs from it.
    await f.t.db.modelPrice.update({ where: { id: model.prices[0]!.id }, data: { inputPerMTok: new Decimal(model.prices[0]!.inputPerMTok.toString()).plus("0.5").toString() } });
    const hand = await f.t.db.model.findFirstOrThrow({ where: { orgId: f.orgId, alias: handAlias }, include: { prices: { orderBy: { effectiveFrom: "desc" }, take: 1 } } });
    await f.t.db.modelPrice.update({ where: { id: hand.prices[0]!.id }, data: { source: "our contract", outputPerMTok: "0.123" } });

    const review = await reviewPublicPrices(f.t.db, owner);
    expect(review.entries.find((e) => e.alias === alias)!.status).toBe("changed");
    expect(review.entries.find((e) => e.alias === handAlias)!.status).toBe("hand-priced");
    const versions = await f.t.db.modelPrice.count({ where: { modelId: model.id } });
    const started = Date.now();
    await applyPublicPrices(f.t.db, f.redis, owner, { aliases: [alias!] });
    const after = await f.t.db.modelPrice.findMany({ where: { modelId: model.id }, orderBy: { effectiveFrom: "asc" } });
    expect(after).toHaveLength(versions + 1);
    expect(after.at(-1)!.effectiveFrom.getTime()).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000 - 1000);
    expect(after.at(-2)!.inputPerMTok.toString()).toBe(new Decimal(model.prices[0]!.inputPerMTok.toString()).plus("0.5").toString());

    // Hand-priced, unchanged or unknown rows: a 422 naming each, and nothing is written.
    const count = await f.t.db.modelPrice.count();
    const refused = await applyPublicPrices(f.t.db, f.redis, owner, { aliases: [handAlias!, alias!, "not-a-model-anywhere"] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).details).toEqual([
      { field: "aliases.0", message: `${handAlias} is hand-priced: nothing to write` },
      { field: "aliases.1", message: `${alias} is unchanged: nothing to write` },
      { field: "aliases.2", message: "not-a-model-anywhere is not in the public price dataset" },
    ]);
    expect(await f.t.db.modelPrice.count()).toBe(count);
    expect((await f.t.db.modelPrice.findFirstOrThrow({ where: { id: hand.prices[0]!.id } })).outputPerMTok.toString()).toBe("0.123");
  });
});
