// The finance flow: a finance user (who may not manage keys) adds a signed
// webhook channel and a hard budget on a key in the UI; traffic through the
// proxy crosses 80%, the alert shows in-app and reaches the webhook; once
// the budget has no room the proxy answers 429 naming the budget.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { verifyWebhook } from "../../lib/alerts/sign-webhook";
import { startFakeUpstream, type FakeUpstream } from "../support/fake-upstream";
import { signIn } from "./helpers";

let upstream: FakeUpstream;
let receiver: http.Server;
let receiverUrl = "";
const hooks: { body: string; signature: string }[] = [];

test.beforeAll(async () => {
  upstream = await startFakeUpstream({ completionTokens: 8 });
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hooks.push({ body, signature: String(req.headers["x-tollgate-signature"]) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tollgate-hook`;
});
test.afterAll(async () => {
  await upstream.close();
  await new Promise((r) => receiver.close(r));
});

test("a finance user sets a budget; crossing 80% alerts in-app and by webhook; then the proxy answers 429", async ({ page, baseURL }) => {
  // The owner sets the stage through the management API: a finance member, a model on the fake upstream, a key.
  await signIn(page);
  const api = page.request;
  const finance = { email: "finance@e2e.test", password: "finance-pass-123456" };
  expect((await api.post("/api/manage/v1/members", { data: { ...finance, role: "finance", name: "Fran Finance" } })).status()).toBe(201);
  const provider = await (await api.post("/api/manage/v1/providers", { data: { name: "budget-fake", vendor: "openai", kind: "cloud", baseUrl: upstream.url } })).json();
  const model = await api.post("/api/manage/v1/models", {
    data: { alias: "budget-model", deployments: [{ providerId: provider.data.id, upstreamModel: "budget-upstream" }], price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "1000", output: "2000" } },
  });
  expect(model.status()).toBe(201);
  const projects = (await (await api.get("/api/manage/v1/projects")).json()).data as { id: string; name: string }[];
  const project = projects.find((p) => p.name === "Support Copilot")!;
  const key = (await (await api.post(`/api/manage/v1/projects/${project.id}/keys`, { data: { name: "budgeted key" } })).json()).data as { id: string; key: string };
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await signIn(page, finance);
  // Finance may not manage keys.
  expect((await page.request.post(`/api/manage/v1/projects/${project.id}/keys`, { data: { name: "nope" } })).status()).toBe(403);
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("form", { name: /New key for/ })).toHaveCount(0);

  // Budget input is validated with a field-level message.
  const invalid = await page.request.post("/api/manage/v1/budgets", { data: { name: "No target", scope: "project", period: "month", amountUsd: "10" } });
  expect(invalid.status()).toBe(422);
  expect(JSON.stringify(await invalid.json())).toContain("projectId");

  await page.getByRole("link", { name: "Alerts" }).click();
  const channelForm = page.getByRole("form", { name: "New channel" });
  await channelForm.getByLabel("Name").fill("Finance hook");
  await channelForm.getByLabel("Kind").selectOption("webhook");
  await channelForm.getByLabel("URL").fill(receiverUrl);
  await channelForm.getByRole("button", { name: "Add channel" }).click();
  const secretText = (await page.getByTestId("signing-secret").locator("code").nth(1).textContent())!;
  expect(secretText).toMatch(/^whsec_/);
  await expect(page.getByTestId("channels")).toContainText("http://127.0.0.1");

  await page.getByRole("link", { name: "Budgets" }).click();
  const form = page.getByRole("form", { name: "New budget" });
  await form.getByLabel("Name").fill("Copilot key cap");
  await form.getByLabel("Applies to").selectOption("key");
  await form.getByLabel("API key").selectOption(key.id);
  await form.getByLabel("Period").selectOption("day");
  // Each call costs 3 x $1,000 + 8 x $2,000 per 1M = $0.019 and reserves ~$0.03 (max_tokens 10).
  await form.getByLabel("Amount (USD)").fill("0.20");
  await form.getByLabel("Mode").selectOption("hard");
  await form.getByLabel("Alert at (% of amount)").fill("80, 100");
  await form.getByLabel("When spent").selectOption("block");
  await form.getByLabel(/Finance hook/).check();
  await form.getByRole("button", { name: "Create budget" }).click();
  const card = page.getByTestId("budget-Copilot key cap");
  await expect(card).toContainText("$0.00 of $0.20");
  await expect(card).toContainText("hard: blocks requests");

  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: key.key, maxRetries: 0 });
  let refusal: InstanceType<typeof OpenAI.RateLimitError> | null = null;
  let answered = 0;
  for (let i = 0; i < 30 && !refusal; i++) {
    try {
      await client.chat.completions.create({ model: "budget-model", messages: [{ role: "user", content: "one two three" }], max_tokens: 10 });
      answered++;
    } catch (error) {
      if (!(error instanceof OpenAI.RateLimitError)) throw error;
      refusal = error;
    }
  }
  expect(answered).toBe(9); // 9 x $0.019 = $0.171 (85.5%); the 10th reservation has no room
  expect(refusal!.status).toBe(429);
  expect(refusal!.code).toBe("budget_exceeded");
  expect(refusal!.message).toContain('Budget "Copilot key cap"');
  expect(refusal!.headers?.get("retry-after")).toMatch(/^\d+$/);

  // The 80% alert: in-app, and delivered to the webhook, signed.
  await expect.poll(async () => {
    await page.goto("/alerts");
    return page.getByTestId("alerts").textContent();
  }, { timeout: 30_000 }).toContain('Budget "Copilot key cap" reached 80%');
  await expect(page.getByTestId("unread-alerts")).toBeVisible();
  await expect.poll(() => hooks.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const hook = hooks.find((h) => h.body.includes("reached 80%"))!;
  expect(verifyWebhook(secretText, hook.body, hook.signature, Math.floor(Date.now() / 1000))).toBe(true);
  await expect.poll(async () => {
    await page.reload();
    return page.getByTestId("alerts").textContent();
  }, { timeout: 15_000 }).toContain("Finance hook: delivered");
  await page.screenshot({ path: "test-results/screenshots/alerts.png", fullPage: true });

  await page.getByRole("link", { name: "Budgets" }).click();
  await expect(page.getByTestId("budget-Copilot key cap").getByTestId("budget-spent")).toHaveText("$0.17");
  await expect(page.getByTestId("budget-Copilot key cap")).toContainText("(85.5%)");
  await page.screenshot({ path: "test-results/screenshots/budgets.png", fullPage: true });
});
