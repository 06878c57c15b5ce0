// The list tools a finance lead reaches for: the Models table's filter (and an
// undated public price read as undated, not as 2000-01-01), the members
// filter's "nothing matches" state and its reset, and the audit log sorted by
// the server: a header link orders the whole log, and the next page continues
// in that order.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("models and members filters, an undated public price, the audit log sorted across pages", async ({ page }) => {
  await signIn(page);
  const alias = `undated-e2e-${Date.now()}`;
  const providers = (await (await page.request.get("/api/manage/v1/providers")).json()).data as { id: string }[];
  const created = await page.request.post("/api/manage/v1/models", {
    data: { alias, deployments: [{ providerId: providers[0]!.id, upstreamModel: alias }], price: { effectiveFrom: "2000-01-01T00:00:00.000Z", input: "0.2", output: "2", source: "@pydantic/genai-prices@0.1.8 (imported 2026-12-01)" } },
  });
  expect(created.status()).toBe(201);

  await page.goto("/models");
  const models = page.getByTestId("models-table");
  await page.getByLabel("Filter models").fill(alias);
  await expect(models.locator("tbody tr")).toHaveCount(1);
  const row = models.getByRole("row").filter({ has: page.getByRole("cell", { name: alias, exact: true }) });
  await expect(row).toContainText("undated (public dataset)");
  await expect(row).not.toContainText("2000-01-01");
  await page.getByLabel("Filter models").fill("no-such-model-anywhere");
  await expect(page.getByText("No models match “no-such-model-anywhere”.")).toBeVisible();
  await expect(models.locator("tbody tr")).toHaveCount(0);

  await page.goto("/access");
  const members = page.getByTestId("members");
  await page.getByLabel("Filter members").fill("OWNER@E2E");
  await expect(members.locator("tbody tr")).toHaveCount(1);
  await page.getByLabel("Filter members").fill("nobody-here");
  await expect(page.getByText("No members match “nobody-here”.")).toBeVisible();
  await page.getByRole("button", { name: "Clear the filter" }).click();
  await expect(page.getByLabel("Filter members")).toHaveValue("");
  await expect(members.locator("tbody tr").first()).toBeVisible();

  // Two entries a page: the action order must hold from one page to the next.
  await page.goto("/audit?limit=2");
  const log = page.getByTestId("audit-log");
  await log.getByRole("link", { name: "Action", exact: true }).click();
  await expect(page).toHaveURL(/sort=action&order=asc/);
  await expect(log.getByRole("columnheader", { name: /Action/ })).toHaveAttribute("aria-sort", "ascending");
  // What is not sortable: a plain header.
  await expect(log.getByRole("columnheader", { name: "What" }).getByRole("link")).toHaveCount(0);
  // The first four of the whole log in that order (the database's collation decides it), as the API gives them.
  const api = ((await (await page.request.get("/api/manage/v1/audit?sort=action&limit=4")).json()).data as { entries: { action: string; createdAt: string }[] }).entries
    .map((e) => `${e.createdAt.slice(0, 19).replace("T", " ")} ${e.action}`);
  expect(api).toHaveLength(4);
  // Each row as "when action" (an entry repeated across pages would show).
  const actions = () => log.locator("tbody tr").evaluateAll((rows) => rows.map((r) => `${r.children[0]!.textContent!.trim()} ${r.children[2]!.textContent!.trim()}`));
  await expect.poll(actions).toEqual(api.slice(0, 2));
  await page.getByRole("link", { name: "Next entries →" }).click();
  await expect(page).toHaveURL(/cursor=\d+/);
  await expect.poll(actions).toEqual(api.slice(2, 4));
  await page.getByRole("link", { name: "← First page" }).click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect.poll(actions).toEqual(api.slice(0, 2));
});

test("the models table fits its card at 1280 and 1440: no column is cut off at the card's edge", async ({ page }) => {
  await signIn(page);
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/models");
    const table = page.getByTestId("models-table");
    await expect(table.locator("tbody tr").first()).toBeVisible();
    // The table against the box that would scroll it: wider means its last columns are hidden behind the edge.
    await expect.poll(() => table.evaluate((t) => {
      let box = t.parentElement!;
      while (box.parentElement && getComputedStyle(box).overflowX === "visible") box = box.parentElement;
      return t.scrollWidth - box.clientWidth;
    }), { message: `at ${width}` }).toBeLessThanOrEqual(1);
  }
});
