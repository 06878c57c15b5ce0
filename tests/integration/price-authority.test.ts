// Issue 10, item 4: only the roles that may edit prices set a model's price
// or tier, on create as later; an engineer's new model is unpriced, so a
// hard budget refuses it; a downgrade target must be priced.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Principal } from "../../lib/auth/principal";
import { budgetInputSchema } from "../../lib/budgets/budget-schemas";
import { createBudget } from "../../lib/budgets/save-budget";
import { createModel, createModelSchema, listModels, updateModel, updateModelSchema } from "../../lib/catalog/manage-models";
import { createApiKey } from "../../lib/keys/create-api-key";
import { addBudget, waitFor } from "../support/budget-helpers";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
let engineer: Principal;
let finance: Principal;
let providerId: string;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.priceAuthority });
  engineer = { kind: "user", actor: "user:eng", userId: null, email: null, orgId: f.orgId, role: "engineer" };
  finance = { kind: "user", actor: "user:fin", userId: null, email: null, orgId: f.orgId, role: "finance" };
  providerId = (await f.t.db.provider.findFirstOrThrow({ where: { orgId: f.orgId } })).id;
});
afterAll(() => f.close());
beforeEach(() => f.upstream.reset());

const chat = async (secret: string, model: string) => {
  const res = await fetch(`${f.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }], max_tokens: 50 }),
  });
  return { status: res.status, served: res.headers.get("x-tollgate-served-model"), body: (await res.json()) as { error?: { code: string } } };
};

const modelInput = (alias: string, extra: Record<string, unknown> = {}) =>
  createModelSchema.parse({ alias, deployments: [{ providerId, upstreamModel: `${alias}-upstream` }], ...extra });
const zeroPrice = { effectiveFrom: "2026-01-01T00:00:00Z", input: "0", output: "0" };

describe("an engineer cannot dodge a hard budget with a $0 model", () => {
  it("refuses a price or a tier override on create, and a model created without a price is refused under the hard budget", async () => {
    await expect(createModel(f.t.db, f.redis, engineer, modelInput("free-alias", { price: zeroPrice }))).rejects.toMatchObject({ code: "forbidden", status: 403 });
    await expect(createModel(f.t.db, f.redis, engineer, modelInput("free-alias", { tierOverride: "economy" }))).rejects.toMatchObject({ code: "forbidden" });
    expect(await f.t.db.model.count({ where: { orgId: f.orgId, alias: "free-alias" } })).toBe(0);

    await createModel(f.t.db, f.redis, engineer, modelInput("free-alias"));
    const created = await f.t.db.model.findFirstOrThrow({ where: { orgId: f.orgId, alias: "free-alias" }, select: { prices: true, tierOverride: true } });
    expect(created.prices).toEqual([]);
    expect(created.tierOverride).toBeNull();

    const key = await createApiKey(f.t.db, { projectId: f.projectId, name: "capped" });
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Finance cap", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "0.0002", mode: "hard" });
    // Spend the budget on the priced model until it refuses...
    let refused = false;
    for (let i = 0; i < 20 && !refused; i++) refused = (await chat(key.secret, "gpt-5-mini")).status === 429;
    expect(refused).toBe(true);
    // ...then the engineer's new alias is not a way around it.
    const dodge = await chat(key.secret, "free-alias");
    expect(dodge.status).toBe(403);
    expect(dodge.body.error?.code).toBe("model_unpriced");

    // Finance may still price a model at creation.
    await createModel(f.t.db, f.redis, finance, modelInput("finance-priced", { price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "0.1", output: "0.4" } }));
    expect(await f.t.db.modelPrice.count({ where: { model: { orgId: f.orgId, alias: "finance-priced" } } })).toBe(1);
  });
});

describe("an engineer cannot shrink a reservation with a tiny contextWindow", () => {
  it("refuses contextWindow on an engineer's create; price editors set it on create and later", async () => {
    await expect(createModel(f.t.db, f.redis, engineer, modelInput("tiny-window", { contextWindow: 1 }))).rejects.toMatchObject({ code: "forbidden", status: 403, message: expect.stringMatching(/contextWindow/) });
    expect(await f.t.db.model.count({ where: { orgId: f.orgId, alias: "tiny-window" } })).toBe(0);
    // Without it the model has none: the reservation uses the default ceiling.
    const created = await createModel(f.t.db, f.redis, engineer, modelInput("tiny-window"));
    const window = async () => (await f.t.db.model.findUniqueOrThrow({ where: { id: created.id }, select: { contextWindow: true } })).contextWindow;
    expect(await window()).toBeNull();

    await createModel(f.t.db, f.redis, finance, modelInput("finance-window", { contextWindow: 128_000 }));
    expect((await f.t.db.model.findFirstOrThrow({ where: { orgId: f.orgId, alias: "finance-window" }, select: { contextWindow: true } })).contextWindow).toBe(128_000);
    expect(await updateModel(f.t.db, f.redis, finance, created.id, updateModelSchema.parse({ contextWindow: 64_000 }))).toMatchObject({ contextWindow: 64_000 });
    expect(await window()).toBe(64_000);
    await updateModel(f.t.db, f.redis, finance, created.id, updateModelSchema.parse({ contextWindow: null }));
    expect(await window()).toBeNull();
    await expect(updateModel(f.t.db, f.redis, engineer, created.id, updateModelSchema.parse({ contextWindow: 1 }))).rejects.toMatchObject({ code: "forbidden" });
    expect(await window()).toBeNull();
  });
});

describe("a downgrade target must be priced", () => {
  it("a budget cannot name an unpriced model as its downgrade", async () => {
    const input = budgetInputSchema.parse({ name: "To unpriced", scope: "org", period: "day", amountUsd: "1", breachAction: "downgrade", downgradeToModel: "mystery-model" });
    await expect(createBudget(f.t.db, f.redis, finance, input)).rejects.toMatchObject({ code: "validation_failed", status: 422 });
  });

  it("a tier downgrade serves the tier's cheapest priced model, never an unpriced one", async () => {
    // mystery-model (unpriced, economy) sits in the same tier as gpt-5-mini.
    const key = await createApiKey(f.t.db, { projectId: f.projectId, name: "tier-downgrade" });
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Tier fallback", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "0.0001", breachAction: "downgrade", downgradeToTier: "economy" });
    const results: { status: number; served: string | null }[] = [];
    for (let i = 0; i < 5; i++) results.push(await chat(key.secret, "gpt-5-mini"));
    expect(results.map((r) => r.status).every((s) => s === 200 || s === 429)).toBe(true);
    expect(results.some((r) => r.served === "mystery-model")).toBe(false);
    await waitFor(async () => (await f.t.db.usageEvent.count({ where: { apiKeyId: key.id } })) === results.filter((r) => r.status === 200).length, 10_000, "usage rows");
    expect(await f.t.db.usageEvent.count({ where: { apiKeyId: key.id, servedModel: "mystery-model" } })).toBe(0);
  });
});

describe("hardware pricing of a local deployment sits with the price editors", () => {
  it("engineers may not set $/h or utilisation; finance sets them on create and later; cloud deployments refuse them", async () => {
    const local = await f.t.db.provider.create({ data: { orgId: f.orgId, name: "my-gpu-box", vendor: "llamacpp", kind: "local", baseUrl: "http://127.0.0.1:9/v1" }, select: { id: true } });
    const localModel = (alias: string, hw: Record<string, unknown> = {}) => createModelSchema.parse({ alias, deployments: [{ providerId: local.id, upstreamModel: alias, ...hw }] });

    await expect(createModel(f.t.db, f.redis, engineer, localModel("eng-local", { hourlyCostUsd: "0.01" }))).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/deployments\[\]\.hourlyCostUsd/) });
    await expect(createModel(f.t.db, f.redis, engineer, localModel("eng-local", { hourlyCostUsd: null }))).resolves.toMatchObject({ alias: "eng-local" });
    await expect(createModel(f.t.db, f.redis, finance, modelInput("cloud-hw", { deployments: [{ providerId, upstreamModel: "x", hourlyCostUsd: "1" }] })))
      .rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/^deployments\.0\.hourlyCostUsd: only deployments on a local provider/) });

    const created = await createModel(f.t.db, f.redis, finance, localModel("fin-local", { hourlyCostUsd: "0.20", expectedUtilisation: "0.5" }));
    const shown = async () => (await listModels(f.t.db, finance)).find((m) => m.id === created.id)!.deployments[0]!;
    expect(await shown()).toMatchObject({ hourlyCostUsd: "0.2", expectedUtilisation: "0.5", provider: { kind: "local" } });
    const deploymentId = (await shown()).id;

    await expect(updateModel(f.t.db, f.redis, engineer, created.id, updateModelSchema.parse({ deployments: [{ id: deploymentId, hourlyCostUsd: "0" }] }))).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateModel(f.t.db, f.redis, engineer, created.id, updateModelSchema.parse({ deployments: [{ id: deploymentId, expectedUtilisation: null }] }))).rejects.toMatchObject({ code: "forbidden" });
    const updated = await updateModel(f.t.db, f.redis, finance, created.id, updateModelSchema.parse({ deployments: [{ id: deploymentId, hourlyCostUsd: "1.25" }] }));
    expect(updated.deployments).toEqual([expect.objectContaining({ id: deploymentId, hourlyCostUsd: "1.25", expectedUtilisation: "0.5" })]);
    const audit = await f.t.db.auditLog.findFirstOrThrow({ where: { orgId: f.orgId, action: "model.update", entityId: created.id }, orderBy: { createdAt: "desc" } });
    expect(audit.before).toMatchObject({ deployments: [{ id: deploymentId, hourlyCostUsd: "0.2", expectedUtilisation: "0.5" }] });
    expect(audit.after).toMatchObject({ deployments: [{ id: deploymentId, hourlyCostUsd: "1.25", expectedUtilisation: "0.5" }] });

    // Another model's deployment, or a utilisation left without an hourly cost, is refused and nothing changes.
    const other = (await f.t.db.deployment.findFirstOrThrow({ where: { providerId } })).id;
    await expect(updateModel(f.t.db, f.redis, finance, created.id, updateModelSchema.parse({ deployments: [{ id: other, hourlyCostUsd: "1" }] }))).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/^deployments\.0\.id/) });
    await expect(updateModel(f.t.db, f.redis, finance, created.id, updateModelSchema.parse({ deployments: [{ id: deploymentId, hourlyCostUsd: null }] }))).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/expectedUtilisation: needs hourlyCostUsd/) });
    expect(await shown()).toMatchObject({ hourlyCostUsd: "1.25", expectedUtilisation: "0.5" });
    await updateModel(f.t.db, f.redis, finance, created.id, updateModelSchema.parse({ deployments: [{ id: deploymentId, hourlyCostUsd: null, expectedUtilisation: null }] }));
    expect(await shown()).toMatchObject({ hourlyCostUsd: null, expectedUtilisation: null });
  });
});
