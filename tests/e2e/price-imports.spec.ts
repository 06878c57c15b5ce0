// The Models and prices page as a new owner finds it: the demo's first
// public price update pending review (the daily check ran at seed), with its
// provenance; pick one new model, apply it, see it priced only and not
// routable, and "Check now" finds nothing new to decide. Finance reads the
// update without the buttons. Screenshots at 1280 and 1440, light and dark,
// in test-results/e2e/pages/.
import { expect, test, type Page } from "@playwright/test";
import { addMember, shots, signIn, signOut } from "./helpers";

interface ImportView { id: string; status: string; source: string; diff: { rows: { alias: string; status: string; contextWindow: number | null }[] } }

async function pendingImport(page: Page): Promise<ImportView> {
  // Another spec may have changed the book since the seed: "Check now" keeps the pending import in step (or says it already is).
  expect((await page.request.post("/api/manage/v1/prices/imports/check", { data: {} })).status()).toBe(201);
  const list = (await (await page.request.get("/api/manage/v1/prices/imports?status=pending")).json()) as { data: { id: string }[] };
  expect(list.data).toHaveLength(1);
  return ((await (await page.request.get(`/api/manage/v1/prices/imports/${list.data[0]!.id}`)).json()) as { data: ImportView }).data;
}

test("public price updates: the pending import, apply one model, priced only; finance reads it", async ({ page }) => {
  await signIn(page);
  const finance = await addMember(page, "finance");
  const pending = await pendingImport(page);
  expect(pending.source).toBe("@pydantic/genai-prices@0.1.8");
  const alias = pending.diff.rows.filter((r) => r.status === "new" && r.contextWindow).at(-1)!.alias;

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models and prices" }).click();
  const section = page.getByTestId("public-price-updates");
  await expect(section.getByTestId("price-import-provenance")).toContainText("@pydantic/genai-prices@0.1.8");
  await expect(section.getByTestId("price-import-provenance")).toContainText("pending review");
  await section.getByPlaceholder("gpt-5, anthropic…").fill(alias);
  await section.getByRole("checkbox", { name: `Import ${alias}`, exact: true }).check();
  await section.scrollIntoViewIfNeeded();
  await shots(page, "price-import-pending", { fullPage: false, checkOverflow: false });
  await section.getByRole("button", { name: "Apply 1 picked" }).click();
  await expect(page.getByText("Imported: 1 model added (priced only, not routable), 0 prices updated")).toBeVisible();
  await expect(section.getByTestId("price-import-none")).toContainText("was applied");
  const row = page.getByTestId("models-table").getByRole("row").filter({ has: page.getByRole("cell", { name: alias, exact: true }) });
  await expect(row).toContainText("priced only, not routable");

  await section.getByRole("button", { name: "Check now" }).click();
  await expect(page.getByText("Nothing new since the last import you decided")).toBeVisible();
  const book = (await (await page.request.get("/api/manage/v1/prices")).json()) as { models: { alias: string; prices: { source: string | null }[] }[] };
  for (const p of book.models.find((m) => m.alias === alias)!.prices) expect(p.source).toMatch(/^@pydantic\/genai-prices@0\.1\.8 \(imported \d{4}-\d{2}-\d{2}\)$/);
  const applied = ((await (await page.request.get(`/api/manage/v1/prices/imports/${pending.id}`)).json()) as { data: ImportView & { appliedAliases: string[] } }).data;
  expect(applied).toMatchObject({ status: "applied", appliedAliases: [alias] });

  await signOut(page);
  await signIn(page, finance);
  await page.goto("/models");
  await expect(page.getByTestId("public-price-updates").getByTestId("price-import-none")).toContainText("was applied");
  await expect(page.getByTestId("public-price-updates").getByRole("button", { name: "Check now" })).toHaveCount(0);
});
