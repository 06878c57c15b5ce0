// An engineer in one project creates a key, sends requests through the proxy
// with the openai SDK and finds them in the request log within seconds; a
// viewer can read but change nothing; every main page at 1440x900.
import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { startFakeUpstream, type FakeUpstream } from "../support/fake-upstream";
import { addMember, signIn, signOut } from "./helpers";

let upstream: FakeUpstream;
test.beforeAll(async () => {
  upstream = await startFakeUpstream({ completionTokens: 5 });
});
test.afterAll(async () => upstream.close());

test("an engineer creates a key, calls the proxy with the SDK and sees the requests in the log within seconds", async ({ page, baseURL }) => {
  await signIn(page);
  // The owner sets the stage: a model on the fake upstream, and the engineer a member of one project only.
  const provider = await page.request.post("/api/manage/v1/providers", { data: { name: "eng-fake", vendor: "vllm", kind: "local", baseUrl: upstream.url, credential: "sk-eng" } });
  expect(provider.status()).toBe(201);
  const model = await page.request.post("/api/manage/v1/models", {
    data: { alias: "eng-model", deployments: [{ providerId: (await provider.json()).data.id, upstreamModel: "eng-upstream" }], price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "2", output: "4" } },
  });
  expect(model.status()).toBe(201);
  const projects = (await (await page.request.get("/api/manage/v1/projects")).json()).data as { id: string; name: string }[];
  const project = projects.find((p) => p.name === "Knowledge Bot") ?? projects[0]!;
  const engineer = await addMember(page, "engineer");
  expect((await page.request.post(`/api/manage/v1/projects/${project.id}/members`, { data: { userId: engineer.id } })).status()).toBe(201);
  await signOut(page);

  await signIn(page, engineer);
  await page.getByRole("link", { name: "API keys" }).click();
  // Only the engineer's project is listed.
  await expect(page.getByRole("form", { name: /^New key for / })).toHaveCount(1);
  const form = page.getByRole("form", { name: `New key for ${project.name}` });
  await form.getByLabel("New key name").fill("engineer key");
  await form.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-key-secret").textContent())!;

  const client = new OpenAI({ baseURL: `${baseURL}/api/v1`, apiKey: secret, maxRetries: 0 });
  const ids: string[] = [];
  for (const content of ["first", "second", "third"]) {
    const { response } = await client.chat.completions.create({ model: "eng-model", messages: [{ role: "user", content }] }).withResponse();
    ids.push(response.headers.get("x-request-id")!);
  }
  const sentAt = Date.now();
  // The log shows them as soon as the worker has stored them: reload until they are there.
  await expect(async () => {
    await page.goto("/requests?model=eng-model");
    await expect(page.getByTestId("request-log").locator("tbody tr")).toHaveCount(3);
  }).toPass({ timeout: 10_000, intervals: [250, 500, 1000] });
  expect(Date.now() - sentAt).toBeLessThan(10_000);
  await expect(page.getByTestId("request-log")).toContainText(project.name);
  await page.screenshot({ path: "test-results/screenshots/requests.png" });

  // Another project's page is not there for this engineer.
  const other = projects.find((p) => p.id !== project.id)!;
  expect((await page.request.get(`/api/manage/v1/spend/overview?project=${other.id}`)).status()).toBe(404);
  expect((await page.request.get(`/api/manage/v1/projects/${other.id}/keys`)).status()).toBe(404);

  // The projects list shows this engineer's project only, and links to its page.
  await page.goto("/projects");
  const list = page.getByTestId("projects-table");
  await expect(list.locator("tbody tr")).toHaveCount(1);
  await expect(list).not.toContainText(other.name);
  await list.getByRole("link", { name: project.name }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Project ${project.name}` })).toBeVisible();
});

test("a viewer can read every page but change nothing", async ({ page }) => {
  await signIn(page);
  const viewer = await addMember(page, "viewer");
  await signOut(page);
  await signIn(page, viewer);
  for (const path of ["/projects", "/keys", "/budgets", "/limits", "/models", "/providers"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // No form on these pages offers a change to a viewer.
    await expect(page.locator("form button[type=submit]"), path).toHaveCount(0);
  }
  const writes: [string, string][] = [
    ["POST", "/api/manage/v1/budgets"], ["POST", "/api/manage/v1/channels"], ["POST", "/api/manage/v1/models"], ["POST", "/api/manage/v1/providers"],
    ["POST", "/api/manage/v1/rate-limits"], ["POST", "/api/manage/v1/members"], ["POST", "/api/manage/v1/tokens"], ["POST", "/api/manage/v1/prices"],
  ];
  for (const [method, url] of writes) expect((await page.request.fetch(url, { method, data: {} })).status(), `${method} ${url}`).toBe(403);
});

test("screenshots of every main page at 1440x900", async ({ page }) => {
  await signIn(page);
  const pages: [string, string][] = [
    ["/", "Spend overview"], ["/projects", "Projects"], ["/requests", "Request log"], ["/budgets", "Budgets"], ["/alerts", "Alerts"], ["/keys", "API keys"],
    ["/limits", "Rate limits"], ["/models", "Models and prices"], ["/providers", "Providers"], ["/audit", "Audit log"],
  ];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/page${path === "/" ? "-overview" : path.replace(/\//g, "-")}.png` });
  }
  // Dark mode follows the system.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(255, 255, 255)");
  await page.screenshot({ path: "test-results/screenshots/page-overview-dark.png" });
});
