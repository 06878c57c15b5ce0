// GET /metrics: Prometheus text behind a token, with what the proxy saw
// (requests, tokens, cost, latency and TTFT histograms, error answers) and
// scrape-time gauges (usage backlog, queues, budget utilisation).
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { addBudget, waitFor } from "../support/budget-helpers";
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
