// GET /metrics: Prometheus text behind a token, with what the proxy saw
// (requests, tokens, cost, latency and TTFT histograms, error answers) and
// scrape-time gauges (usage backlog, queues, budget utilisation).
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { addBudget, waitFor } from "../support/budget-helpers";
import { periodWindow } from "../../lib/budgets/budget-period";
import { budgetCounterKey } from "../../lib/limits/limit-keys";
import { startProxyFixture, type ProxyFixture } from "../support/proxy-fixture";
import { TEST_REDIS_DBS } from "../support/test-redis-dbs";

const TOKEN = "metrics-token-0123456789";
let f: ProxyFixture;
beforeAll(async () => {
  f = await startProxyFixture({ databaseServerUrl: inject("databaseServerUrl"), redisUrl: inject("redisUrl"), redisDb: TEST_REDIS_DBS.metrics, env: { TOLLGATE_METRICS_TOKEN: TOKEN } });
});
afterAll(() => f.close());

const origin = () => f.baseURL.replace(/\/api\/v1$/, "");
const scrape = (token?: string) => fetch(`${origin()}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const chat = (body: string) => fetch(`${f.baseURL}/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${f.apiKey}`, "content-type": "application/json" }, body }).then((r) => r.text());

it("exposes proxy, backlog and budget metrics to a scraper with the token only", async () => {
  expect((await scrape()).status).toBe(401);
  expect((await scrape("wrong-token-0123456789")).status).toBe(401);

  const budget = await addBudget(f.t.db, f.redis, f.orgId, { name: "Project month", scope: "project", projectId: f.projectId, period: "month", amountUsd: "1", mode: "hard" });
  await chat(JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hello there" }] }));
  await chat(JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "hello" }], stream: true }));
  await chat("{not json");
  await f.waitForUsage(2);

  let text = "";
  await waitFor(async () => {
    text = await (await scrape(TOKEN)).text();
    return text.includes(`tollgate_budget_utilisation_ratio{budget="${budget.id}"`) && !/tollgate_budget_utilisation_ratio\{[^}]*\} 0$/m.test(text);
  }, 5000, "budget utilisation after settles");
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1]);
  const labels = `project="${f.projectId}",model="gpt-5-mini",tier="economy"`;
  expect(value(new RegExp(`tollgate_proxy_requests_total\\{${labels},status="ok"\\} (\\d+)`))).toBe(2);
  // 20 completion tokens per answer from the fake upstream.
  expect(value(new RegExp(`tollgate_proxy_tokens_total\\{${labels},kind="output"\\} (\\d+)`))).toBe(40);
  expect(value(new RegExp(`tollgate_proxy_cost_usd_total\\{${labels}\\} ([\\d.e-]+)`))).toBeGreaterThan(0);
  expect(value(/tollgate_proxy_request_duration_seconds_count\{model="gpt-5-mini",streamed="true"\} (\d+)/)).toBe(1);
  expect(value(/tollgate_proxy_time_to_first_token_seconds_count\{model="gpt-5-mini"\} (\d+)/)).toBe(1);
  expect(value(/tollgate_proxy_error_responses_total\{code="invalid_json"\} (\d+)/)).toBe(1);
  expect(text).toMatch(/^tollgate_usage_stream_lag \d+$/m);
  expect(text).toMatch(/^tollgate_queue_jobs\{queue="alert-delivery",state="waiting"\} \d+$/m);
  // Two answers of ~$0.00004 against $1.
  const utilisation = value(new RegExp(`tollgate_budget_utilisation_ratio\\{budget="${budget.id}",name="Project month",scope="project",mode="hard"\\} ([\\d.e-]+)`));
  expect(utilisation).toBeGreaterThan(0);
  expect(utilisation).toBeLessThan(0.001);

  // Counted at scrape time from the proxy's own sums: a second scrape neither doubles nor loses them.
  text = await (await scrape(TOKEN)).text();
  expect(value(new RegExp(`tollgate_proxy_requests_total\\{${labels},status="ok"\\} (\\d+)`))).toBe(2);
  expect(value(new RegExp(`tollgate_proxy_tokens_total\\{${labels},kind="output"\\} (\\d+)`))).toBe(40);
  expect(value(/tollgate_proxy_request_duration_seconds_count\{model="gpt-5-mini",streamed="false"\} (\d+)/)).toBe(1);
});

it("reads every budget's counter in one scrape: nothing spent is 0, a counter that is not a number gives no sample and breaks nothing", async () => {
  const untouched = await addBudget(f.t.db, f.redis, f.orgId, { name: "Untouched day", scope: "org", period: "day", amountUsd: "5", mode: "soft" });
  const corrupt = await addBudget(f.t.db, f.redis, f.orgId, { name: "Corrupt week", scope: "org", period: "week", amountUsd: "5", mode: "soft" });
  await f.redis.hset(budgetCounterKey(f.orgId, corrupt.id, periodWindow("week", "UTC", new Date()).start.getTime()), "spent", "1e300");
  const res = await scrape(TOKEN);
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).toMatch(new RegExp(`^tollgate_budget_utilisation_ratio\\{budget="${untouched.id}",[^}]*\\} 0$`, "m"));
  expect(text).not.toContain(`budget="${corrupt.id}"`);
  // The budget of the first test is still read in the same scrape.
  expect(text.match(/^tollgate_budget_utilisation_ratio\{/gm)?.length).toBeGreaterThanOrEqual(2);
});

it("counts Tollgate's own time per answered request apart from the upstream's, in the overhead histogram", async () => {
  const bucket = (text: string, le: string) => Number(new RegExp(`^tollgate_proxy_overhead_seconds_bucket\\{le="${le}"\\} (\\d+)$`, "m").exec(text)?.[1]);
  const count = (text: string) => Number(/^tollgate_proxy_overhead_seconds_count (\d+)$/m.exec(text)?.[1]);
  const sum = (text: string) => Number(/^tollgate_proxy_overhead_seconds_sum ([\d.e-]+)$/m.exec(text)?.[1]);
  const before = await (await scrape(TOKEN)).text();
  // An upstream that takes 300 ms before its first byte, streamed and not: the requests take longer than that,
  // Tollgate's own part of them far less.
  f.upstream.set({ ttftMs: 300 });
  try {
    const startedAt = performance.now();
    await chat(JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "slow upstream" }] }));
    await chat(JSON.stringify({ model: "gpt-5-mini", messages: [{ role: "user", content: "slow stream" }], stream: true }));
    expect(performance.now() - startedAt).toBeGreaterThan(600);
  } finally {
    f.upstream.set({ ttftMs: 0 });
  }
  await chat("{not json"); // refused before any upstream: not an answered request
  const after = await (await scrape(TOKEN)).text();
  expect(count(after) - (count(before) || 0)).toBe(2);
  // Both well under the upstream's 300 ms (a loaded test machine may still take tens of ms of its own).
  expect(sum(after) - (sum(before) || 0)).toBeLessThan(0.25);
  expect(bucket(after, "0.25") - (bucket(before, "0.25") || 0)).toBe(2);
  // The 3 ms bucket exists, so the share of requests within 3 ms is exact.
  expect(after).toMatch(/^tollgate_proxy_overhead_seconds_bucket\{le="0.003"\} \d+$/m);
});
