// The proxy as users get it from `npm run up`: same origin as the UI, keys
// created in the UI, the official openai SDK pointed at /api/v1.
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import pg from "pg";
import { startFakeUpstream, type FakeUpstream } from "../support/fake-upstream";
import { signIn } from "./helpers";

let upstream: FakeUpstream;
test.beforeAll(async () => {
  upstream = await startFakeUpstream({ completionTokens: 8 });
});
test.afterAll(async () => upstream.close());

async function usageRow(requestId: string) {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const { rows } = await client.query("SELECT cost_usd::text AS cost, streamed, output_tokens FROM usage_event WHERE request_id = $1", [requestId]);
      if (rows[0]) return rows[0] as { cost: string; streamed: boolean; output_tokens: number };
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no usage row for ${requestId}`);
  } finally {
    await client.end();
  }
}

test("a key created in the UI works with the openai SDK through /api/v1, is metered, and stops working when revoked", async ({ page, baseURL }) => {
  await signIn(page);
  // A provider and a model pointing at the test's fake upstream, added in the UI.
  await page.getByRole("link", { name: "Providers" }).click();
  await page.getByLabel("Name").fill("e2e-fake");
  await page.getByLabel("Vendor").selectOption("vllm");
  await page.getByLabel("Kind").selectOption("local");
  await page.getByLabel("Base URL").fill(upstream.url);
  await page.getByLabel(/API key/).fill("sk-e2e-upstream");
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByTestId("providers-table").getByRole("row", { name: /e2e-fake/ })).toContainText("set");
  await expect(page.getByTestId("providers-table")).not.toContainText("sk-e2e-upstream");

  await page.getByRole("link", { name: "Models and prices" }).click();
  const addModel = page.getByRole("region", { name: "Add a model" });
  await addModel.getByLabel("Alias apps call").fill("e2e-model");
  await addModel.getByLabel("Provider").selectOption({ label: "e2e-fake" });
  await addModel.getByLabel("Upstream model name").fill("served-by-fake");
  await addModel.getByLabel(/Input per 1M/).fill("1");
  await addModel.getByLabel(/Output per 1M/).fill("2");
  await addModel.getByRole("button", { name: "Add model" }).click();
  // The result is a toast.
  await expect(page.getByText("Added e2e-model.")).toBeVisible();
  await expect(page.getByTestId("models-table").getByRole("row", { name: /e2e-model/ })).toContainText("e2e-fake/served-by-fake");

  await page.getByRole("link", { name: "API keys" }).click();
  const form = page.getByRole("form", { name: "New key for Support Copilot" });
  await form.getByLabel("New key name").fill("e2e key");
  await form.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-key-secret").textContent())!;
  expect(secret).toMatch(/^tg_/);
  await expect(page.getByTestId("keys-support-copilot")).toContainText("e2e key");
  await expect(page.getByTestId("keys-support-copilot")).not.toContainText(secret);
  await page.screenshot({ path: "test-results/screenshots/keys.png", fullPage: true });

  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: secret, maxRetries: 0 });
  const { data, response } = await client.chat.completions.create({ model: "e2e-model", messages: [{ role: "user", content: "one two three" }] }).withResponse();
  expect(data.choices[0]!.message.content).toBe("tok tok tok tok tok tok tok tok");
  // 3 input tokens x $1 + 8 output tokens x $2 per 1M.
  expect(response.headers.get("x-tollgate-cost-usd")).toBe("0.000019000");
  expect(upstream.requests.at(-1)!.body.model).toBe("served-by-fake");
  expect(upstream.requests.at(-1)!.headers.authorization).toBe("Bearer sk-e2e-upstream");
  expect(await usageRow(response.headers.get("x-request-id")!)).toEqual({ cost: "0.000019000", streamed: false, output_tokens: 8 });

  const { data: stream, response: streamResponse } = await client.chat.completions.create({ model: "e2e-model", messages: [{ role: "user", content: "go" }], stream: true }).withResponse();
  let text = "";
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
  expect(text).toBe("tok tok tok tok tok tok tok tok");
  expect(await usageRow(streamResponse.headers.get("x-request-id")!)).toMatchObject({ streamed: true, output_tokens: 8 });

  // Both show in the request log (filters in the URL), and the detail breaks the cost down by token type.
  await page.goto("/requests?model=e2e-model");
  const log = page.getByTestId("request-log");
  await expect(log.getByRole("row")).toHaveCount(3);
  await log.getByRole("row").nth(2).getByRole("link").click();
  await expect(page.getByRole("heading", { name: `Request ${response.headers.get("x-request-id")}` })).toBeVisible();
  await expect(page.getByTestId("cost-breakdown")).toContainText("$0.000019000");
  await page.screenshot({ path: "test-results/screenshots/request-detail.png", fullPage: true });
  await page.getByRole("link", { name: "API keys" }).click();

  await page.getByTestId("keys-support-copilot").getByRole("row", { name: /e2e key/ }).getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("keys-support-copilot").getByRole("row", { name: /e2e key/ })).toContainText("revoked");
  await expect(client.chat.completions.create({ model: "e2e-model", messages: [{ role: "user", content: "again" }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
});

test("a key's fixed tags: set when it is created in the UI, shown as badges, edited later; a malformed tag is refused under the field", async ({ page }) => {
  await signIn(page);
  await page.goto("/keys");
  const form = page.getByRole("form", { name: "New key for Support Copilot" });
  await form.getByLabel("New key name").fill("tagged key");
  const tagsField = form.getByLabel("Fixed tags (optional)");
  await tagsField.fill("team:support, bad tag");
  await form.getByRole("button", { name: "Create key" }).click();
  // The API's own schema, in the browser: nothing is sent.
  await expect(form.getByText('"bad tag" is not a tag')).toBeVisible();
  await expect(tagsField).toHaveAttribute("aria-invalid", "true");
  await tagsField.fill("team:support, env:prod");
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-key-secret")).toBeVisible();

  const row = page.getByTestId("keys-support-copilot").getByRole("row", { name: /tagged key/ });
  await expect(row.getByRole("list", { name: "Fixed tags" }).getByRole("listitem")).toHaveText(["team:support", "env:prod"]);
  await page.screenshot({ path: "test-results/screenshots/keys-fixed-tags.png", fullPage: true });

  await row.getByRole("button", { name: "Edit tags of tagged key" }).click();
  const dialog = page.getByRole("dialog", { name: 'Fixed tags of "tagged key"' });
  const input = dialog.getByLabel("Fixed tags", { exact: true });
  await expect(input).toHaveValue("team:support, env:prod");
  await input.fill("team:support, team:support");
  await dialog.getByRole("button", { name: "Save tags" }).click();
  await expect(dialog.getByText('"team:support" is listed twice')).toBeVisible();
  await input.fill("team:support, tier:gold");
  await dialog.getByRole("button", { name: "Save tags" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Fixed tags of "tagged key" saved')).toBeVisible();
  await expect(row.getByRole("list", { name: "Fixed tags" }).getByRole("listitem")).toHaveText(["team:support", "tier:gold"]);

  // What the page shows is what the API stores; clearing them shows "none".
  const projects = (await (await page.request.get("/api/manage/v1/projects")).json()).data as { id: string; name: string }[];
  const project = projects.find((p) => p.name === "Support Copilot")!;
  const keys = (await (await page.request.get(`/api/manage/v1/projects/${project.id}/keys`)).json()).data as { id: string; name: string; fixedTags: string[] }[];
  expect(keys.find((k) => k.name === "tagged key")?.fixedTags).toEqual(["team:support", "tier:gold"]);
  await row.getByRole("button", { name: "Edit tags of tagged key" }).click();
  await dialog.getByLabel("Fixed tags", { exact: true }).fill("");
  await dialog.getByRole("button", { name: "Save tags" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByRole("cell", { name: "none", exact: true })).toBeVisible();
});

test("models and prices page shows tiers and calls out unpriced models", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Models and prices" }).click();
  const table = page.getByTestId("models-table");
  await expect(table.getByRole("row", { name: /claude-opus-4\.1/ })).toContainText("premium");
  await expect(table.getByRole("row", { name: /gpt-5-mini/ })).toContainText("0.25");
  await page.screenshot({ path: "test-results/screenshots/models.png", fullPage: true });
  const exported = await page.request.get("/api/manage/v1/prices");
  const book = await exported.json();
  expect(book).toMatchObject({ version: 1, currency: "USD", unit: "per_1m_tokens" });
  expect(book.models.find((m: { alias: string }) => m.alias === "gpt-5-nano").prices[0]).toMatchObject({ input: "0.05", output: "0.4" });

  // The demo's unpriced model is listed, called out, and priced from the form, with cache-write and reasoning rates.
  const custom = table.getByRole("row", { name: /llama-3\.1-70b-custom/ });
  await expect(custom).toContainText("unpriced");
  await expect(page.getByTestId("unpriced-models")).toContainText("llama-3.1-70b-custom");
  const form = page.getByRole("region", { name: "Add a price version" });
  const modelSelect = form.locator('select[name="modelId"]');
  // Unpriced models come first in the form, marked, so the first one is selected.
  await expect(modelSelect.locator("option:checked")).toHaveText("llama-3.1-70b-custom (unpriced)");
  // From tomorrow: the model stays unpriced for the rest of the run (routing.spec relies on it being refused).
  const tomorrow = new Date(Date.now() + 86_400_000);
  const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await form.getByLabel("In effect from").fill(local);
  await form.getByLabel("Input per 1M tokens (USD)").fill("0.9");
  await form.getByLabel(/^Cache write per 1M/).fill("1.125");
  await form.getByLabel("Output per 1M tokens (USD)").fill("0.9");
  await form.getByLabel(/^Reasoning per 1M/).fill("1.8");
  await form.getByRole("button", { name: "Add price version" }).click();
  await expect(page.getByText("Price version for llama-3.1-70b-custom saved")).toBeVisible();
  const prices = (await (await page.request.get("/api/manage/v1/prices")).json()).models.find((m: { alias: string }) => m.alias === "llama-3.1-70b-custom").prices;
  expect(prices).toEqual([expect.objectContaining({ input: "0.9", cacheWrite: "1.125", output: "0.9", reasoning: "1.8" })]);
});
