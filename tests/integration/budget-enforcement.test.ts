// Budgets and rate limits on the proxy's hot path, against real Redis and
// Postgres: hard budgets refuse with OpenAI-shaped 429s naming the budget
// and its reset, soft ones only count, downgrade and throttle actions, RPM /
// TPM / concurrency limits with x-ratelimit-* headers, idempotent settle,
// counters equal to the ledger, and exact limits across two instances that
// each batch their admissions.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { ledgerSpendNano } from "../../lib/budgets/ledger-spend";
import { periodWindow } from "../../lib/budgets/budget-period";
import { createApiKey } from "../../lib/keys/create-api-key";
import { budgetCounterKey, budgetReservationsKey, concurrencyKey, rateBucketsKey } from "../../lib/limits/limit-keys";
import { withLimitScripts } from "../../lib/limits/limit-scripts";
import { crossedThresholds, settleReservation } from "../../lib/limits/settle-reservation";
import { admitRequest } from "../../lib/limits/admit-request";
import { AdmissionLeases } from "../../lib/limits/admission-leases";
import { LimitRulesCache } from "../../lib/limits/limit-rules";
import { createLogger } from "../../lib/log/logger";
import { nanoToUsd, usdToNano } from "../../lib/money/nano-usd";
import { boundReservation, estimateReservation } from "../../lib/limits/estimate-reservation";
import { addBudget, addRateLimit, counterSpentNano, waitFor } from "../support/budget-helpers";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

let f: ProxyFixture;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.budgetEnforcement });
  const cheap = await f.t.db.model.create({ data: { orgId: f.orgId, alias: "cheap-mini", tier: "economy" }, select: { id: true } });
  await f.t.db.modelPrice.create({ data: { modelId: cheap.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "0.05", outputPerMTok: "0.2" } });
  const provider = await f.t.db.provider.findFirstOrThrow({ where: { orgId: f.orgId } });
  await f.t.db.deployment.create({ data: { providerId: provider.id, modelId: cheap.id, upstreamModel: "cheap-mini" } });
  // A model whose context window the catalog knows: the ceiling of a reserved max_tokens.
  const windowed = await f.t.db.model.create({ data: { orgId: f.orgId, alias: "windowed-mini", tier: "economy", contextWindow: 128_000 }, select: { id: true } });
  await f.t.db.modelPrice.create({ data: { modelId: windowed.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "0.25", outputPerMTok: "2" } });
  await f.t.db.deployment.create({ data: { providerId: provider.id, modelId: windowed.id, upstreamModel: "windowed-mini" } });
});
afterAll(() => f.close());
beforeEach(() => f.upstream.reset());

async function newKey(name: string) {
  const key = await createApiKey(f.t.db, { projectId: f.projectId, name });
  return { id: key.id, secret: key.secret };
}

async function chat(secret: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${f.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}`, ...headers },
    body: JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 50, ...body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) as { error: { code: string; message: string; type: string; param: string | null } } };
}

const usageRows = () => f.t.db.usageEvent.count();

describe("hard budgets", () => {
  it("refuse with a 429 naming the budget and its reset once the reserved total leaves no room", async () => {
    const key = await newKey("hard");
    // Each call settles 1 x 0.25 + 20 x 2 = $0.00004025 and reserves at most ~$0.000102.
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Key cap", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "0.0005", mode: "hard" });
    const before = await usageRows();
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof chat>> | null = null;
    for (let i = 0; i < 20 && !refused; i++) {
      const r = await chat(key.secret);
      statuses.push(r.status);
      if (r.status !== 200) refused = r;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(refused!.status).toBe(429);
    expect(refused!.json.error).toMatchObject({ code: "budget_exceeded", type: "rate_limit_error", param: null });
    expect(refused!.json.error.message).toContain('"Key cap"');
    const window = periodWindow("day", "UTC", new Date());
    expect(refused!.json.error.message).toContain(window.end.toISOString());
    expect(refused!.headers.get("x-tollgate-budget-resets-at")).toBe(window.end.toISOString());
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);

    // The SDK raises its RateLimitError (and must not retry into the budget).
    const sdk = new OpenAI({ baseURL: f.baseURL, apiKey: key.secret, maxRetries: 0 });
    await expect(sdk.chat.completions.create({ model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], max_tokens: 50 })).rejects.toBeInstanceOf(OpenAI.RateLimitError);

    await f.waitForUsage(before + 10);
    const counter = await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date());
    expect(counter.reserved).toBe(0n);
    expect(counter.spent).toBe(usdToNano("0.00004025") * 10n);
    const ledger = await ledgerSpendNano(f.t.db, { orgId: f.orgId, scope: "key", projectId: null, apiKeyId: key.id, tag: null }, window.start, window.end);
    expect(counter.spent).toBe(ledger);
  });

  it("refuse a model without a price (the budget could not hold), and tag budgets apply by tag only", async () => {
    const key = await newKey("unpriced");
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Strict", scope: "key", apiKeyId: key.id, period: "month", amountUsd: "10" });
    const r = await chat(key.secret, { model: "mystery-model" });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe("model_unpriced");

    const tagged = await newKey("tagged");
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Batch jobs", scope: "tag", tag: "batch", period: "day", amountUsd: "0.00001" });
    expect((await chat(tagged.secret, {}, { "x-tollgate-tags": "interactive" })).status).toBe(200);
    const blocked = await chat(tagged.secret, {}, { "x-tollgate-tags": "batch,interactive" });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.message).toContain('"Batch jobs"');
  });
});

describe("the reservation near a limit", () => {
  const rates = { inputPerMTok: "0.25", cachedInputPerMTok: null, cacheWritePerMTok: null, outputPerMTok: "2", reasoningPerMTok: null };
  // Many bytes, few tokens: the byte bound tried first is about ten times the exact count.
  const body = { model: "windowed-mini", messages: [{ role: "user", content: "a".repeat(4000) }], max_tokens: 50 };
  const bound = boundReservation("/chat/completions", body, Buffer.from(JSON.stringify(body)), rates, 128_000)!;
  const exact = estimateReservation("/chat/completions", body, rates, 128_000);
  const microUsd = (nano: bigint) => nanoToUsd(nano).slice(0, -3);

  it("admits by the exact token count a request whose byte bound the budget cannot hold", async () => {
    expect(bound.costNano! > 2n * exact.costNano!).toBe(true);
    const key = await newKey("near-limit");
    // Budgets are set in micro-dollars: the exact reserve rounded up to one.
    const room = ((exact.costNano! + 999n) / 1000n) * 1000n;
    expect(room < bound.costNano!).toBe(true);
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Tight", scope: "key", apiKeyId: key.id, period: "day", amountUsd: microUsd(room), mode: "hard" });
    const r = await chat(key.secret, body);
    expect(r.status).toBe(200);
  });

  it("still refuses when even the exact count does not fit, naming the exact reserve", async () => {
    const key = await newKey("over-limit");
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Tighter", scope: "key", apiKeyId: key.id, period: "day", amountUsd: microUsd(((exact.costNano! - 1n) / 1000n) * 1000n), mode: "hard" });
    const r = await chat(key.secret, body);
    expect(r.status).toBe(429);
    expect(r.headers.get("x-tollgate-request-reserve-usd")).toBe(nanoToUsd(exact.costNano!));
  });
});

describe("soft budgets and breach actions", () => {
  it("a soft budget never refuses but counts every dollar", async () => {
    const key = await newKey("soft");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Watch only", scope: "key", apiKeyId: key.id, period: "week", amountUsd: "0.00001", mode: "soft" });
    for (let i = 0; i < 3; i++) expect((await chat(key.secret)).status).toBe(200);
    // An unpriced model reserves and settles nothing (and is shown as unpriced elsewhere, never $0).
    expect((await chat(key.secret, { model: "mystery-model" })).status).toBe(200);
    await waitFor(async () => {
      const c = await counterSpentNano(f.redis, f.orgId, budget.id, "week", "UTC", new Date());
      return c.spent === usdToNano("0.00004025") * 3n && c.reserved === 0n;
    }, 5000, "soft budget spend");
  });

  it("downgrade serves the cheaper model once the budget is spent, and the usage row says so", async () => {
    const key = await newKey("downgrade");
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Premium allowance", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "0.00015", breachAction: "downgrade", downgradeToModel: "cheap-mini" });
    const served: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await chat(key.secret);
      expect(r.status).toBe(200);
      served.push(r.headers.get("x-tollgate-served-model")!);
      if (served[i] === "cheap-mini") expect(r.headers.get("x-tollgate-downgraded-from")).toBe("gpt-5-mini");
    }
    expect(served[0]).toBe("gpt-5-mini");
    expect(served.at(-1)).toBe("cheap-mini");
    expect(f.upstream.requests.at(-1)!.body.model).toBe("cheap-mini");
    await waitFor(async () => (await f.t.db.usageEvent.count({ where: { apiKeyId: key.id } })) === 4, 10_000, "usage rows");
    const rows = await f.t.db.usageEvent.findMany({ where: { apiKeyId: key.id, servedModel: "cheap-mini" } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.requestedModel).toBe("gpt-5-mini");
  });

  it("throttle keeps serving at the budget's lower rate after the breach", async () => {
    const key = await newKey("throttle");
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Slow lane", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "0.00012", breachAction: "throttle", throttleRpm: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await chat(key.secret)).status);
    // Room for one reservation (~$0.000102) before the breach, then 2 per minute.
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    const r = await chat(key.secret);
    expect(r.json.error.code).toBe("budget_throttled");
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("rate limits", () => {
  it("requests per minute: x-ratelimit-* headers count down, then 429 with Retry-After", async () => {
    const key = await newKey("rpm");
    await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 3 });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await chat(key.secret);
      expect(r.status).toBe(200);
      expect(r.headers.get("x-ratelimit-limit-requests")).toBe("3");
      remaining.push(r.headers.get("x-ratelimit-remaining-requests"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const r = await chat(key.secret);
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe("rate_limit_exceeded");
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(19);
  });

  it("tokens per minute count the prompt and max tokens", async () => {
    const key = await newKey("tpm");
    await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, tokensPerMin: 1000 });
    const first = await chat(key.secret, { max_tokens: 600 });
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit-tokens")).toBe("1000");
    // 600 reserved, 20 used: the settle gives back the rest, so a second large request fits.
    await waitFor(async () => (await chat(key.secret, { max_tokens: 600 })).status === 200, 3000, "refund of unused tokens");
    const big = await chat(key.secret, { max_tokens: 990 });
    expect(big.status).toBe(429);
  });

  it("concurrent requests per model are capped across the instance", async () => {
    const key = await newKey("conc");
    await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "model", modelAlias: "cheap-mini", maxConcurrent: 2 });
    f.upstream.set({ ttftMs: 400 });
    const results = await Promise.all(Array.from({ length: 4 }, () => chat(key.secret, { model: "cheap-mini" })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.status === 429).every((r) => r.json.error.code === "rate_limit_exceeded")).toBe(true);
    f.upstream.set({ ttftMs: 0 });
    expect((await chat(key.secret, { model: "cheap-mini" })).status).toBe(200);
  });
});

describe("numbers a client sends", () => {
  it("a huge max_tokens neither breaks nor bypasses a rate limit (the reservation is capped, the script never fails)", async () => {
    const key = await newKey("huge-max-tokens");
    // A soft budget: the reservation reaches the script's integer counters.
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Watch", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "100", mode: "soft" });
    await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await chat(key.secret, { max_tokens: 1e300 })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });

  it("a huge max_tokens is reserved as the model's context window, so a hard budget refuses it with a 429", async () => {
    const key = await newKey("huge-hard");
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Tiny", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "0.01", mode: "hard" });
    const r = await chat(key.secret, { model: "windowed-mini", max_tokens: 1e300 });
    expect(r.status).toBe(429);
    expect(r.json.error.code).toBe("budget_exceeded");
    // 128,000 output tokens at $2/MTok plus a few input tokens: an exact, bounded amount.
    expect(Number(r.headers.get("x-tollgate-request-reserve-usd"))).toBeGreaterThanOrEqual(0.256);
    expect(Number(r.headers.get("x-tollgate-request-reserve-usd"))).toBeLessThan(0.2561);
    const fits = await chat(key.secret, { model: "windowed-mini", max_tokens: 100 });
    expect(fits.status).toBe(200);
  });

  it("400 naming the field for a max_tokens that is not a positive integer; nothing is forwarded", async () => {
    const key = await newKey("bad-max-tokens");
    await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 100 });
    for (const max_tokens of [0, -5, 2.5, "100", true]) {
      const r = await chat(key.secret, { max_tokens });
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ type: "invalid_request_error", param: "max_tokens" });
    }
    expect(f.upstream.requests).toHaveLength(0);
  });
});

describe("a failing admission script", () => {
  it("never fails open for a rate limit or a hard budget, and is not taken for an outage", async () => {
    const key = await newKey("script-error");
    const policy = await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 100 });
    // A limiter key of the wrong type makes the script fail inside Redis (WRONGTYPE), as a bad argument would.
    await f.redis.set(rateBucketsKey(f.orgId, policy.id), "not a hash");
    const r = await chat(key.secret);
    expect(r.status).toBe(500);
    expect(r.json.error.code).toBe("limits_check_failed");
    expect(f.upstream.requests).toHaveLength(0);

    // Under soft budgets only, nothing is enforced: served unreserved.
    const softKey = await newKey("script-error-soft");
    const soft = await addBudget(f.t.db, f.redis, f.orgId, { name: "Soft only", scope: "key", apiKeyId: softKey.id, period: "day", amountUsd: "1", mode: "soft" });
    await f.redis.set(budgetCounterKey(f.orgId, soft.id, periodWindow("day", "UTC", new Date()).start.getTime()), "not a hash");
    expect((await chat(softKey.secret)).status).toBe(200);
  });
});

describe("settle", () => {
  it("a reservation whose proxy died is released once it lapses", async () => {
    const key = await newKey("lapsed");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Lapse", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "1" });
    const redis = withLimitScripts(f.redis.duplicate());
    const deps = { redis, rules: new LimitRulesCache(f.t.db), redisDownRefuses: "hard-budgets" as const, reservationTtlMs: 200, log: createLogger({ name: "t", level: "silent" }) };
    const admit = (requestId: string, at: Date) => admitRequest(deps, { requestId, attempt: 0, orgId: f.orgId, projectId: f.projectId, keyId: key.id, tags: [], model: "gpt-5-mini", at, reservation: { inputTokens: 1, outputTokens: 1, costNano: 600_000_000n } });
    const now = new Date();
    expect((await admit("crashed", now)).kind).toBe("admitted"); // never settled
    await expect(admit("blocked", new Date(now.getTime() + 100))).rejects.toMatchObject({ code: "budget_exceeded" });
    // After the TTL the next admission releases the lapsed $0.60 first, so it fits.
    expect((await admit("after", new Date(now.getTime() + 300))).kind).toBe("admitted");
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", now)).reserved).toBe(600_000_000n);
    redis.disconnect();
  });

  it("one policy with requests, tokens and concurrency: both buckets count down, a lapsed slot is purged only when it would refuse, settle refunds tokens", async () => {
    const key = await newKey("all-three");
    const policy = await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 5, tokensPerMin: 1000, maxConcurrent: 1 });
    const redis = withLimitScripts(f.redis.duplicate());
    const log = createLogger({ name: "t", level: "silent" });
    const deps = { redis, rules: new LimitRulesCache(f.t.db), redisDownRefuses: "hard-budgets" as const, reservationTtlMs: 200, log };
    const admit = (requestId: string, at: Date) => admitRequest(deps, { requestId, attempt: 0, orgId: f.orgId, projectId: f.projectId, keyId: key.id, tags: [], model: "gpt-5-mini", at, reservation: { inputTokens: 100, outputTokens: 200, costNano: 1n } });
    const now = new Date();
    const crashed = await admit("crashed", now); // never settled: its slot lapses after 200 ms
    expect(crashed.kind === "admitted" && crashed.admission.headers).toMatchObject({ "x-ratelimit-remaining-requests": "4", "x-ratelimit-remaining-tokens": "700" });
    await expect(admit("busy", new Date(now.getTime() + 100))).rejects.toMatchObject({ code: "rate_limit_exceeded" });
    const after = await admit("after", new Date(now.getTime() + 300));
    expect(after.kind).toBe("admitted");
    expect(await f.redis.zcard(concurrencyKey(f.orgId, policy.id))).toBe(1);
    const admission = (after as { admission: Parameters<typeof settleReservation>[2] }).admission;
    const before = Number(await f.redis.hget(rateBucketsKey(f.orgId, policy.id), "tt"));
    await settleReservation(redis, log, admission, { costNano: 1n, tokens: 50 });
    // 300 reserved, 50 used: 250 back.
    expect(Number(await f.redis.hget(rateBucketsKey(f.orgId, policy.id), "tt"))).toBeCloseTo(before + 250, 6);
    expect(await f.redis.zcard(concurrencyKey(f.orgId, policy.id))).toBe(0);
    redis.disconnect();
  });

  it("a soft budget holds no reservation and costs no admission round trip; settle adds its spend and gives its counter an expiry", async () => {
    const key = await newKey("soft-settle");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Soft settle", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "1", mode: "soft" });
    const redis = withLimitScripts(f.redis.duplicate());
    const log = createLogger({ name: "t", level: "silent" });
    const deps = { redis, rules: new LimitRulesCache(f.t.db), redisDownRefuses: "hard-budgets" as const, reservationTtlMs: 60_000, log };
    const at = new Date();
    const counterKey = budgetCounterKey(f.orgId, budget.id, periodWindow("day", "UTC", at).start.getTime());
    const result = await admitRequest(deps, { requestId: "req-soft", attempt: 0, orgId: f.orgId, projectId: f.projectId, keyId: key.id, tags: [], model: "gpt-5-mini", at, reservation: { inputTokens: 10, outputTokens: 100, costNano: 1000n } });
    expect(result.kind).toBe("admitted");
    const admission = (result as { admission: Parameters<typeof settleReservation>[2] }).admission;
    expect(admission.held).toBe(false);
    expect(await f.redis.exists(counterKey)).toBe(0);
    expect((await settleReservation(redis, log, admission, { costNano: 700n, tokens: 50 })).map((s) => s.spentAfter)).toEqual([700n]);
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).toEqual({ spent: 700n, reserved: 0n });
    const expiresInMs = await f.redis.pttl(counterKey);
    const weekAfterPeriodMs = periodWindow("day", "UTC", at).end.getTime() + 7 * 24 * 3600 * 1000 - Date.now();
    expect(expiresInMs).toBeGreaterThan(weekAfterPeriodMs - 60_000);
    expect(expiresInMs).toBeLessThanOrEqual(weekAfterPeriodMs + 1000); // Redis's clock and ours may differ by a little
    redis.disconnect();
  });

  it("is idempotent per request id and attempt", async () => {
    const key = await newKey("idempotent");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Idem", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "1" });
    const redis = withLimitScripts(f.redis.duplicate());
    const log = createLogger({ name: "t", level: "silent" });
    const deps = { redis, rules: new LimitRulesCache(f.t.db), redisDownRefuses: "hard-budgets" as const, reservationTtlMs: 60_000, log };
    const at = new Date();
    const result = await admitRequest(deps, { requestId: "req-idem", attempt: 0, orgId: f.orgId, projectId: f.projectId, keyId: key.id, tags: [], model: "gpt-5-mini", at, reservation: { inputTokens: 10, outputTokens: 100, costNano: 1000n } });
    expect(result.kind).toBe("admitted");
    const admission = (result as { admission: Parameters<typeof settleReservation>[2] }).admission;
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).reserved).toBe(1000n);
    const first = await settleReservation(redis, log, admission, { costNano: 700n, tokens: 50 });
    const again = await settleReservation(redis, log, admission, { costNano: 700n, tokens: 50 });
    expect(first.map((s) => s.spentAfter)).toEqual([700n]);
    expect(again).toEqual([]);
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).toEqual({ spent: 700n, reserved: 0n });
    redis.disconnect();
  });
});

describe("two proxy instances, each batching its own admissions", () => {
  // Two connections with their own batchers and rule caches, as two proxy processes have: each sends
  // the admissions of one event-loop turn in one EVALSHA, and Redis runs the two batches one after the
  // other. Limits must come out exact, as if every admission had been its own script call.
  const instances = () => [0, 1].map(() => {
    const redis = withLimitScripts(f.redis.duplicate());
    const batches = vi.spyOn(redis as unknown as { tollgateAdmitBatch: () => unknown }, "tollgateAdmitBatch");
    const deps = { redis, rules: new LimitRulesCache(f.t.db), redisDownRefuses: "hard-budgets" as const, reservationTtlMs: 60_000, log: createLogger({ name: "t", level: "silent" }) };
    return { redis, batches, deps };
  });
  type Instance = ReturnType<typeof instances>[number];
  const admitAll = (on: Instance[], keyId: string, count: number, costNano: bigint, prefix: string) =>
    Promise.allSettled(Array.from({ length: count }, (_, i) => admitRequest(on[i % on.length]!.deps, {
      requestId: `${prefix}-${i}`, attempt: 0, orgId: f.orgId, projectId: f.projectId, keyId, tags: [], model: "gpt-5-mini", at: new Date(),
      reservation: { inputTokens: 10, outputTokens: 10, costNano },
    })));
  const admitted = (results: PromiseSettledResult<Awaited<ReturnType<typeof admitRequest>>>[]) =>
    results.flatMap((r) => (r.status === "fulfilled" && r.value.kind === "admitted" ? [r.value.admission] : []));
  const refusedCodes = (results: PromiseSettledResult<unknown>[]) =>
    results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { code: string }).code] : []));

  it("a concurrency limit of 3 admits exactly 3 of 24 simultaneous requests, and a slot freed on one instance serves the other", async () => {
    const key = await newKey("two-instances-concurrency");
    const policy = await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, maxConcurrent: 3 });
    const [a, b] = instances() as [Instance, Instance];
    const results = await admitAll([a, b], key.id, 24, 1n, "conc");
    const held = admitted(results);
    expect(held).toHaveLength(3);
    expect(refusedCodes(results)).toEqual(Array(21).fill("rate_limit_exceeded"));
    // Each instance sent its 12 admissions in fewer script calls than admissions.
    for (const i of [a, b]) expect(i.batches.mock.calls.length).toSatisfy((n: number) => n >= 1 && n < 12);
    expect(await f.redis.zcard(concurrencyKey(f.orgId, policy.id))).toBe(3);

    // One slot freed through instance A: instance B's next request gets it, and only one does.
    await settleReservation(a.redis, a.deps.log, held[0]!, { costNano: 1n, tokens: 20 });
    const next = await admitAll([b], key.id, 2, 1n, "conc-next");
    expect(admitted(next)).toHaveLength(1);
    for (const h of [...held.slice(1), ...admitted(next)]) await settleReservation(b.redis, b.deps.log, h, { costNano: 1n, tokens: 20 });
    expect(await f.redis.zcard(concurrencyKey(f.orgId, policy.id))).toBe(0);
    for (const i of [a, b]) i.redis.disconnect();
  });

  it("a hard budget with room for 10 reservations admits exactly 10 of 30, and the counter equals what was settled", async () => {
    const key = await newKey("two-instances-budget");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Two instances", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "10", mode: "hard" });
    const [a, b] = instances() as [Instance, Instance];
    const dollar = 1_000_000_000n;
    const first = await admitAll([a, b], key.id, 30, dollar, "budget");
    const held = admitted(first);
    expect(held).toHaveLength(10);
    expect(refusedCodes(first)).toEqual(Array(20).fill("budget_exceeded"));
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).toEqual({ spent: 0n, reserved: 10n * dollar });
    // Each settles at half its reservation, alternating instances: $5 spent, $5 of room for the next burst.
    for (const [i, h] of held.entries()) await settleReservation([a, b][i % 2]!.redis, a.deps.log, h, { costNano: dollar / 2n, tokens: 20 });
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).toEqual({ spent: 5n * dollar, reserved: 0n });
    const second = await admitAll([a, b], key.id, 12, dollar, "budget-again");
    expect(admitted(second)).toHaveLength(5);
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).toEqual({ spent: 5n * dollar, reserved: 5n * dollar });
    for (const i of [a, b]) i.redis.disconnect();
  });
});

describe("one batch of admissions and settles (calls of one event-loop turn share one script run)", () => {
  const log = createLogger({ name: "t", level: "silent" });
  const depsWith = (redis: ReturnType<typeof withLimitScripts>) => ({ redis, rules: new LimitRulesCache(f.t.db), redisDownRefuses: "hard-budgets" as const, reservationTtlMs: 60_000, log });
  const requestOf = (keyId: string, requestId: string, costNano: bigint, at = new Date()) =>
    ({ requestId, attempt: 0, orgId: f.orgId, projectId: f.projectId, keyId, tags: [], model: "gpt-5-mini", at, reservation: { inputTokens: 10, outputTokens: 10, costNano } });
  /** A new key under one key-scoped daily budget, and admission deps on a connection of their own. */
  async function keyUnderBudget(keyName: string, budget: Record<string, unknown>) {
    const key = await newKey(keyName);
    const row = await addBudget(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, period: "day", ...budget });
    const redis = withLimitScripts(f.redis.duplicate());
    return { key, budget: row, redis, deps: depsWith(redis) };
  }

  it("a hard budget with room for five admits exactly five of eight, refusals report the exact reserved total, and the settles add up", async () => {
    const { key, budget, redis, deps } = await keyUnderBudget("batch-hard", { name: "Batch cap", amountUsd: "0.5", mode: "hard" });
    const at = new Date();
    // Eight admissions in one turn: one script run; each reserves $0.10.
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => admitRequest(deps, requestOf(key.id, `batch-hard-${i}`, 100_000_000n, at))));
    const admitted = results.flatMap((r) => (r.status === "fulfilled" && r.value.kind === "admitted" ? [r.value.admission] : []));
    expect(admitted).toHaveLength(5);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refused).toHaveLength(3);
    for (const error of refused) {
      expect(error).toMatchObject({ code: "budget_exceeded" });
      expect(error.headers["x-tollgate-budget-reserved-usd"]).toBe("0.500000000");
      expect(error.headers["x-tollgate-budget-spent-usd"]).toBe("0.000000000");
    }
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).toEqual({ spent: 0n, reserved: 500_000_000n });
    // The five reservations are in their set, which expires with the counter (a week after the period).
    const reservations = budgetReservationsKey(budgetCounterKey(f.orgId, budget.id, periodWindow("day", "UTC", at).start.getTime()));
    expect(await f.redis.zcard(reservations)).toBe(5);
    expect(await f.redis.pttl(reservations)).toBeGreaterThan(7 * 24 * 3600 * 1000);
    // The five settle in one turn: each spends $0.03 and releases its $0.10; each settle reports the spend after it.
    const settled = await Promise.all(admitted.map((a) => settleReservation(redis, log, a, { costNano: 30_000_000n, tokens: 20 })));
    expect(settled.map((s) => s[0]!.spentAfter).sort((x, y) => Number(x - y))).toEqual([30_000_000n, 60_000_000n, 90_000_000n, 120_000_000n, 150_000_000n]);
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).toEqual({ spent: 150_000_000n, reserved: 0n });
    expect(await f.redis.zcard(reservations)).toBe(0);
    // Repeats in one turn change nothing.
    expect(await Promise.all(admitted.map((a) => settleReservation(redis, log, a, { costNano: 30_000_000n, tokens: 20 })))).toEqual(admitted.map(() => []));
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).toEqual({ spent: 150_000_000n, reserved: 0n });
    // A settle and its repeat in the same turn (one script run): spent once, released once.
    const again = (await admitRequest(deps, requestOf(key.id, "batch-hard-again", 100_000_000n, at))) as { admission: Parameters<typeof settleReservation>[2] };
    const twice = await Promise.all([settleReservation(redis, log, again.admission, { costNano: 30_000_000n, tokens: 20 }), settleReservation(redis, log, again.admission, { costNano: 30_000_000n, tokens: 20 })]);
    expect(twice.map((s) => s.map((b) => b.spentAfter))).toEqual([[180_000_000n], []]);
    expect(await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).toEqual({ spent: 180_000_000n, reserved: 0n });
    redis.disconnect();
  });

  it("a key limit of four requests per minute and three in flight admits three of six in one turn, and four across two turns", async () => {
    const key = await newKey("batch-rate");
    const policy = await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 4, maxConcurrent: 3 });
    const redis = withLimitScripts(f.redis.duplicate());
    const deps = depsWith(redis);
    const turn = (from: number, n: number) => Promise.allSettled(Array.from({ length: n }, (_, i) => admitRequest(deps, requestOf(key.id, `batch-rate-${from + i}`, 1n))));
    const first = await turn(0, 6);
    expect(first.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "rejected", "rejected"]);
    expect((first[3] as PromiseRejectedResult).reason.message).toMatch(/concurrent requests/);
    expect(await f.redis.zcard(concurrencyKey(f.orgId, policy.id))).toBe(3);
    // The slots' set expires (after the reservation TTL), so a crashed proxy's slots cannot outlive it.
    expect(await f.redis.pttl(concurrencyKey(f.orgId, policy.id))).toBeGreaterThan(0);
    // One settles (a slot frees); the next turn gets the fourth request of the minute, then the rpm bucket is empty.
    await settleReservation(redis, log, (first[0] as PromiseFulfilledResult<{ kind: "admitted"; admission: Parameters<typeof settleReservation>[2] }>).value.admission, { costNano: 0n, tokens: 0 });
    const second = await turn(6, 2);
    expect(second.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    // The script checks requests per minute before concurrency: the bucket is what refuses here.
    expect((second[1] as PromiseRejectedResult).reason.message).toMatch(/requests per minute/);
    const [tokens] = await f.redis.hmget(rateBucketsKey(f.orgId, policy.id), "rt");
    expect(Number(tokens)).toBeLessThan(1);
    redis.disconnect();
  });

  it("a refusal right after the first reservation on an idle budget reports that reservation", async () => {
    const { key, deps } = await keyUnderBudget("batch-first", { name: "Room for one", amountUsd: "0.000001", mode: "hard" });
    const at = new Date();
    const [first, second] = await Promise.allSettled([admitRequest(deps, requestOf(key.id, "batch-first-0", 600n, at)), admitRequest(deps, requestOf(key.id, "batch-first-1", 600n, at))]);
    expect(first.status).toBe("fulfilled");
    expect(second.status).toBe("rejected");
    // What the decision saw: spent 0 + reserved 600 + this request's 600 > 1000 nano-dollars.
    expect((second as PromiseRejectedResult).reason.headers["x-tollgate-budget-reserved-usd"]).toBe("0.000000600");
    deps.redis.disconnect();
  });

  it("a counter a zero-cost reservation started still expires after its period once spend lands on it", async () => {
    const { key, budget, redis, deps } = await keyUnderBudget("batch-zero", { name: "Zero first", amountUsd: "1", mode: "hard" });
    const at = new Date();
    const admitted = await admitRequest(deps, requestOf(key.id, "batch-zero-0", 0n, at));
    await settleReservation(redis, log, (admitted as { admission: Parameters<typeof settleReservation>[2] }).admission, { costNano: 40n, tokens: 0 });
    const counter = budgetCounterKey(f.orgId, budget.id, periodWindow("day", "UTC", at).start.getTime());
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).spent).toBe(40n);
    // A week after the period ends (KEEP_AFTER_PERIOD_MS), never -1 (no expiry).
    expect(await f.redis.pttl(counter)).toBeGreaterThan(7 * 24 * 3600 * 1000);
    redis.disconnect();
  });

  it("a budget's downgrade on one request does not carry over to the next request of the same shape", async () => {
    const { key, budget, deps } = await keyUnderBudget("batch-downgrade", { name: "Spent allowance", amountUsd: "0.000001", breachAction: "downgrade", downgradeToModel: "cheap-mini" });
    // Re-admitted after its downgrade: the budget only tracks it.
    expect((await admitRequest(deps, { ...requestOf(key.id, "batch-downgrade-0", 2000n), downgraded: new Set([budget.id]) })).kind).toBe("admitted");
    // The next request of the same key and model has no downgrade yet: the budget decides again.
    expect(await admitRequest(deps, requestOf(key.id, "batch-downgrade-1", 2000n))).toMatchObject({ kind: "downgrade", budget: { id: budget.id } });
    deps.redis.disconnect();
  });

  it("a counter holding a non-integer fails only the calls that read it; the rest of the batch is settled", async () => {
    const [badKey, goodKey] = [await newKey("batch-corrupt"), await newKey("batch-intact")];
    const bad = await addBudget(f.t.db, f.redis, f.orgId, { name: "Corrupt", scope: "key", apiKeyId: badKey.id, period: "day", amountUsd: "1", mode: "soft" });
    const good = await addBudget(f.t.db, f.redis, f.orgId, { name: "Intact", scope: "key", apiKeyId: goodKey.id, period: "day", amountUsd: "1", mode: "soft" });
    const redis = withLimitScripts(f.redis.duplicate());
    const deps = depsWith(redis);
    const at = new Date();
    await f.redis.hset(budgetCounterKey(f.orgId, bad.id, periodWindow("day", "UTC", at).start.getTime()), "spent", "1.5");
    const [a, b] = await Promise.all([admitRequest(deps, requestOf(badKey.id, "batch-corrupt-0", 1n, at)), admitRequest(deps, requestOf(goodKey.id, "batch-intact-0", 1n, at))]);
    const settled = await Promise.all([a, b].map((r) => settleReservation(redis, log, (r as { admission: Parameters<typeof settleReservation>[2] }).admission, { costNano: 70n, tokens: 0 })));
    expect(settled[0]).toEqual([]); // failed and logged: reconcile restores it from the ledger
    expect(settled[1]!.map((s) => s.spentAfter)).toEqual([70n]);
    expect((await counterSpentNano(f.redis, f.orgId, good.id, "day", "UTC", at)).spent).toBe(70n);
    redis.disconnect();
  });

  it("the counter's spend summed within one turn stays exact past 2^53 nano-dollars", async () => {
    const { key, budget, redis, deps } = await keyUnderBudget("batch-exact", { name: "Batch exact", amountUsd: "1000000000", mode: "soft" });
    const at = new Date();
    const admissions = await Promise.all(Array.from({ length: 4 }, (_, i) => admitRequest(deps, requestOf(key.id, `batch-exact-${i}`, 1n, at))));
    // The first spend on a fresh counter is written at once (to set its expiry); the three after it sum
    // past 2^53, where a double would round the odd total.
    const big = 2n ** 52n + 1n;
    await Promise.all(admissions.map((a) => settleReservation(redis, log, (a as { admission: Parameters<typeof settleReservation>[2] }).admission, { costNano: big, tokens: 0 })));
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).spent).toBe(4n * big);
    redis.disconnect();
  });
});

describe("admission leases", () => {
  const log = createLogger({ name: "t", level: "silent" });
  /** One proxy instance's admission: its own connection and leases. */
  function instance(ttlMs = 60_000) {
    const redis = withLimitScripts(f.redis.duplicate());
    const leases = new AdmissionLeases(redis, log, ttlMs);
    return { redis, leases, deps: { redis, rules: new LimitRulesCache(f.t.db), redisDownRefuses: "hard-budgets" as const, reservationTtlMs: ttlMs, log, leases } };
  }
  type Instance = ReturnType<typeof instance>;
  // A request whose bound is its reservation (what the proxy passes: lib/limits/estimate-reservation.ts).
  const leasable = (keyId: string, requestId: string, costNano: bigint, tokens = 20) => {
    const reservation = { inputTokens: tokens / 2, outputTokens: tokens / 2, costNano };
    return { requestId, attempt: 0, orgId: f.orgId, projectId: f.projectId, keyId, tags: [], model: "gpt-5-mini", at: new Date(), reservation, reservationBound: () => reservation };
  };
  type Admitted = Parameters<typeof settleReservation>[2];
  async function admitted(i: Instance, req: ReturnType<typeof leasable>): Promise<Admitted | null> {
    try {
      const r = await admitRequest(i.deps, req);
      return r.kind === "admitted" ? r.admission : null;
    } catch (error) {
      if ((error as { status?: number }).status === 429) return null;
      throw error;
    }
  }
  /** Admits until one comes from a lease (the first ones ask Redis while the lease is being taken). */
  async function untilLeased(i: Instance, keyId: string, prefix: string, costNano: bigint) {
    const seen: Admitted[] = [];
    for (let n = 0; n < 200; n++) {
      const a = await admitted(i, leasable(keyId, `${prefix}-${n}`, costNano));
      if (a) seen.push(a);
      if (a?.lease) return seen;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error("no lease was granted");
  }

  it("far from the limits, requests are admitted from a lease Redis holds as a reservation, with x-ratelimit headers; given back when idle", async () => {
    const key = await newKey("lease-basic");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Lease cap", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "10", mode: "hard" });
    const policy = await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 100_000, tokensPerMin: 10_000_000, maxConcurrent: 10_000 });
    const a = instance();
    const at = new Date();
    const first = await untilLeased(a, key.id, "lease-basic", 1000n);
    const leased = first.at(-1)!;
    expect(leased.held).toBe(false);
    expect(leased.headers).toMatchObject({ "x-ratelimit-limit-requests": "100000", "x-ratelimit-limit-tokens": "10000000" });
    expect(Number(leased.headers["x-ratelimit-remaining-requests"])).toBeLessThan(100_000);
    // Redis holds the lease: one reservation member of 16 requests' worth beside what the first requests reserved themselves.
    const counterKey = budgetCounterKey(f.orgId, budget.id, periodWindow("day", "UTC", at).start.getTime());
    const members = await f.redis.zrange(budgetReservationsKey(counterKey), "0", "-1");
    const leaseMembers = members.filter((m) => m.startsWith("lease:"));
    expect(leaseMembers).toHaveLength(1);
    expect(leaseMembers[0]).toMatch(/\|16000$/);
    const perRequest = first.length - 1;
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).reserved).toBe(16_000n + BigInt(perRequest) * 1000n);
    expect(await f.redis.zcard(concurrencyKey(f.orgId, policy.id))).toBe(16 + perRequest);
    // Settled: spend added by each request's settle, as without leases; the lease keeps its reservation while it lives.
    for (const adm of first) await settleReservation(a.redis, log, adm, { costNano: 600n, tokens: 10 });
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).spent).toBe(600n * BigInt(first.length));
    // Unused for two seconds: given back whole (budget, slots and the unused request tokens).
    await waitFor(async () => (await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).reserved === 0n, 6000, "the lease given back");
    expect(await f.redis.zcard(concurrencyKey(f.orgId, policy.id))).toBe(0);
    const [requestsLeft] = await f.redis.hmget(rateBucketsKey(f.orgId, policy.id), "rt");
    expect(Number(requestsLeft)).toBeGreaterThan(100_000 - first.length - 1);
    await a.leases.close();
    a.redis.disconnect();
  });

  it("leased requests' spend reaches Redis summed, within 50 ms; a repeated settle adds nothing; a crossed threshold is reported once", async () => {
    const key = await newKey("lease-spend");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Lease spend", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "1", mode: "hard", thresholds: [50] });
    const a = instance();
    const at = new Date();
    const before = await untilLeased(a, key.id, "lease-spend", 1000n);
    for (const adm of before) await settleReservation(a.redis, log, adm, { costNano: 1000n, tokens: 20 });
    const leased: Admitted[] = [];
    for (let n = 0; n < 10; n++) {
      const adm = await admitted(a, leasable(key.id, `lease-spend-more-${n}`, 1000n));
      if (adm?.lease) leased.push(adm);
    }
    expect(leased.length).toBeGreaterThanOrEqual(5);
    const spentBefore = (await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).spent;
    // Half the budget is crossed by one of these (each "costs" $0.10): all settled in one turn, one sum.
    const settled = await Promise.all(leased.map((adm) => settleReservation(a.redis, log, adm, { costNano: 100_000_000n, tokens: 20 })));
    const added = BigInt(leased.length) * 100_000_000n;
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).spent).toBe(spentBefore + added);
    expect(settled.filter((s) => s.length > 0)).toEqual([[expect.objectContaining({ budgetId: budget.id, spentBefore, spentAfter: spentBefore + added })]]);
    expect(settled.flat().flatMap((s) => crossedThresholds(s))).toEqual([50]);
    // Settled again (a retry): nothing more.
    expect(await settleReservation(a.redis, log, leased[0]!, { costNano: 100_000_000n, tokens: 20 })).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).spent).toBe(spentBefore + added);
    await a.leases.close();
    a.redis.disconnect();
  });

  it("two instances admitting from leases and per request never pass a hard budget; once the leases are given back, all of it is usable", async () => {
    const key = await newKey("lease-race");
    const cost = 1_000_000n; // $0.001 a request, a budget of 400 of them
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Lease race", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "0.4", mode: "hard" });
    const [a, b] = [instance(), instance()];
    let seq = 0;
    let admittedCount = 0;
    let leasedCount = 0;
    const at = new Date();
    // Both instances, 8 requests in flight each, every request settled at its full reservation after a few ms.
    async function worker(i: Instance) {
      let refusedInARow = 0;
      while (refusedInARow < 20) {
        const adm = await admitted(i, leasable(key.id, `lease-race-${seq++}`, cost));
        if (!adm) {
          refusedInARow++;
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        refusedInARow = 0;
        admittedCount++;
        if (adm.lease) leasedCount++;
        const { spent, reserved } = await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at);
        expect(spent).toBeLessThanOrEqual(400n * cost);
        expect(spent + reserved).toBeGreaterThan(0n);
        await new Promise((r) => setTimeout(r, 1 + (seq % 3)));
        await settleReservation(i.redis, log, adm, { costNano: cost, tokens: 20 });
      }
    }
    await Promise.all([...Array.from({ length: 8 }, () => worker(a)), ...Array.from({ length: 8 }, () => worker(b))]);
    expect(leasedCount).toBeGreaterThan(50);
    expect(admittedCount).toBeLessThanOrEqual(400);
    const mid = await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at);
    expect(mid.spent).toBe(BigInt(admittedCount) * cost);
    // Whatever room the leases still held comes back when they are given back; then exactly the budget is spent.
    await Promise.all([a.leases.close(), b.leases.close()]);
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).reserved).toBe(0n);
    const c = instance();
    while ((await admitted(c, leasable(key.id, `lease-race-rest-${seq++}`, cost))) !== null) admittedCount++;
    expect(admittedCount).toBe(400);
    await c.leases.close();
    for (const i of [a, b, c]) i.redis.disconnect();
  });

  it("two instances never admit more than a requests-per-minute limit allows", async () => {
    const key = await newKey("lease-rpm");
    await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 600 });
    const [a, b] = [instance(), instance()];
    const started = Date.now();
    let admittedCount = 0;
    let leasedCount = 0;
    let seq = 0;
    await Promise.all([a, b].flatMap((i) => Array.from({ length: 4 }, async () => {
      for (let n = 0; n < 150; n++) {
        const adm = await admitted(i, leasable(key.id, `lease-rpm-${seq++}`, 0n));
        if (adm) {
          admittedCount++;
          if (adm.lease) leasedCount++;
          void settleReservation(i.redis, log, adm, { costNano: 0n, tokens: 0 });
        }
      }
    })));
    const elapsedMin = (Date.now() - started) / 60_000;
    expect(leasedCount).toBeGreaterThan(0);
    // The bucket holds 600 and refills 600 a minute.
    expect(admittedCount).toBeLessThanOrEqual(Math.floor(600 + 600 * elapsedMin) + 1);
    expect(admittedCount).toBeGreaterThan(300);
    await Promise.all([a.leases.close(), b.leases.close()]);
    a.redis.disconnect();
    b.redis.disconnect();
  });

  it("a lease call whose answer is lost is given back by the next call, applied or not (its alive key tells)", async () => {
    const key = await newKey("lease-lost");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Lease lost", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "10", mode: "hard" });
    const policy = await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, requestsPerMin: 100_000, maxConcurrent: 10_000 });
    const a = instance();
    const real = a.redis.limitLease;
    let lose = 1;
    // The first call runs in Redis, and its answer never arrives (a timeout after the script ran).
    a.redis.limitLease = async (keys, args) => {
      const reply = await real.call(a.redis, keys, args);
      if (lose-- > 0) throw new Error("Command timed out");
      return reply;
    };
    const at = new Date();
    const counterKey = budgetCounterKey(f.orgId, budget.id, periodWindow("day", "UTC", at).start.getTime());
    const leaseMembers = async () => (await f.redis.zrange(budgetReservationsKey(counterKey), "0", "-1")).filter((m) => m.startsWith("lease:"));
    const seen = await untilLeased(a, key.id, "lease-lost", 1000n);
    // The lost one was given back by the call that took the lease now in use: one lease in Redis.
    expect(await leaseMembers()).toHaveLength(1);
    for (const adm of seen) await settleReservation(a.redis, log, adm, { costNano: 1000n, tokens: 0 });
    await waitFor(async () => (await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).reserved === 0n, 6000, "every lease given back");
    expect(await leaseMembers()).toEqual([]);
    expect(await f.redis.zcard(concurrencyKey(f.orgId, policy.id))).toBe(0);
    // Its request tokens came back too: only the admitted requests used any.
    const [requestsLeft] = await f.redis.hmget(rateBucketsKey(f.orgId, policy.id), "rt");
    expect(Number(requestsLeft)).toBeGreaterThan(100_000 - seen.length - 1);
    await a.leases.close();
    a.redis.disconnect();
  });

  it("tokens a leased request used beyond what it held are charged to the tokens-per-minute bucket", async () => {
    const key = await newKey("lease-tpm");
    const policy = await addRateLimit(f.t.db, f.redis, f.orgId, { scope: "key", apiKeyId: key.id, tokensPerMin: 4000 });
    const a = instance();
    const seen = await untilLeased(a, key.id, "lease-tpm", 0n);
    // The leased one held 20 tokens and used 5,020; the others used what they held.
    for (const adm of seen) await settleReservation(a.redis, log, adm, { costNano: 0n, tokens: adm.lease ? 5020 : 20 });
    await waitFor(async () => (await f.redis.keys(`lease:*:alive`)).length === 0, 6000, "the lease given back");
    const [tokensLeft] = await f.redis.hmget(rateBucketsKey(f.orgId, policy.id), "tt");
    // 4,000 less 5,000 owed (and the others' 20 each), plus at most a few seconds' refill (67 a second).
    expect(Number(tokensLeft)).toBeLessThan(0);
    await a.leases.close();
    a.redis.disconnect();
  });

  it("the lease script takes and gives back more slots than one Redis call can carry", async () => {
    const redis = withLimitScripts(f.redis.duplicate());
    const [bk, infk] = ["tg:{lease-slots}:rate:p:buckets", "tg:{lease-slots}:rate:p:inflight"];
    const shared = [0, 1, 0, 0, 1_000_000];
    const take = await redis.limitLease([bk, infk], [...shared, Date.now(), 60_000, "lease:t:1", "lease:t:1:alive", 10, 1, "0", 0, "0", 0, 0, 5000, 0]);
    expect(take[0]).toBe(1);
    expect(await f.redis.zcard(infk)).toBe(5000);
    const giveBack = await redis.limitLease([bk, infk], [...shared, Date.now(), 60_000, "lease:t:2", "lease:t:2:alive", 10, 0, "0", 0, "0", 0, 0, 0, 1, "lease:t:1", "lease:t:1:alive", 0, 0, 0]);
    expect(giveBack[0]).toBe(0);
    expect(await f.redis.zcard(infk)).toBe(0);
    expect(await f.redis.exists("lease:t:1:alive")).toBe(0);
    redis.disconnect();
  });

  it("close() gives a lease back even when its first give-back gets no answer", async () => {
    const key = await newKey("lease-close");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Lease close", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "10", mode: "hard" });
    const a = instance();
    const seen = await untilLeased(a, key.id, "lease-close", 1000n);
    for (const adm of seen) await settleReservation(a.redis, log, adm, { costNano: 1000n, tokens: 0 });
    const real = a.redis.limitLease;
    let lose = 1;
    // The first give-back never reaches Redis (a stall: it times out before it is run).
    a.redis.limitLease = async (keys, args) => {
      if (lose-- > 0) throw new Error("Command timed out");
      return real.call(a.redis, keys, args);
    };
    await a.leases.close();
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", new Date())).reserved).toBe(0n);
    expect(await f.redis.keys("lease:*:alive")).toEqual([]);
    a.redis.disconnect();
  });

  it("after a lost connection no lease admits before a renewal has seen Redis again", async () => {
    const key = await newKey("lease-reconnect");
    await addBudget(f.t.db, f.redis, f.orgId, { name: "Lease reconnect", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "10", mode: "hard" });
    const a = instance();
    await untilLeased(a, key.id, "lease-reconnect", 1000n);
    a.redis.disconnect(true); // and reconnect
    await new Promise((r) => a.redis.once("ready", r));
    const next = await admitted(a, leasable(key.id, "lease-reconnect-next", 1000n));
    expect(next).not.toBeNull();
    expect(next!.lease).toBeUndefined();
    // The renewal it asked for opens a lease again.
    expect((await untilLeased(a, key.id, "lease-reconnect-later", 1000n)).at(-1)!.lease).toBeDefined();
    await a.leases.close();
    a.redis.disconnect();
  });

  it("a crashed instance's lease lapses like a request's reservation", async () => {
    const key = await newKey("lease-crash");
    const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Lease crash", scope: "key", apiKeyId: key.id, period: "day", amountUsd: "1", mode: "hard" });
    const crashed = instance(300);
    const at = new Date();
    const seen = await untilLeased(crashed, key.id, "lease-crash", 1000n);
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).reserved).toBeGreaterThanOrEqual(16_000n);
    // The process is gone: nothing of it settles or gives anything back.
    crashed.redis.disconnect();
    await new Promise((r) => setTimeout(r, 400));
    const other = instance();
    // Its next admission purges what lapsed (the lease and the crashed one's own reservations), then reserves its own.
    const after = await admitted(other, { ...leasable(key.id, "lease-crash-after", 1000n), reservationBound: () => null } as unknown as ReturnType<typeof leasable>);
    expect(after).not.toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    expect((await counterSpentNano(f.redis, f.orgId, budget.id, "day", "UTC", at)).reserved).toBe(1000n);
    await other.leases.close();
    other.redis.disconnect();
  });
});
