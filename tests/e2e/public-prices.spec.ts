// The Models and prices page as an owner uses the public price dataset:
// open the review, filter, pick one model the demo has not configured,
// import it; the model is then in the catalog, priced from the dataset with
// its provenance, and the review lists it as unchanged. Screenshots at 1280
// and 1440, light and dark, in test-results/e2e/pages/.
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

const SHOTS = "test-results/e2e/pages";

async function shots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/${name}-${scheme}-${width}.png`, fullPage: false });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 900 });
}

interface Review { source: string; entries: { alias: string; status: string }[] }

test("public prices: review the dataset, import one model, read its provenance", async ({ page }) => {
  await signIn(page);
  const before = ((await (await page.request.get("/api/manage/v1/prices/public")).json()) as { data: Review }).data;
  const alias = before.entries.find((e) => e.status === "new" && e.alias === "gpt-4o")?.alias ?? before.entries.find((e) => e.status === "new")!.alias;

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models and prices" }).click();
  await page.getByRole("button", { name: "Public prices" }).click();
  const dialog = page.getByRole("dialog", { name: "Prices from the public dataset" });
  await expect(dialog.getByTestId("public-prices")).toContainText("@pydantic/genai-prices@0.1.8");
  await dialog.getByPlaceholder("gpt-5, anthropic…").fill(alias);
  await dialog.getByRole("checkbox", { name: `Import ${alias}`, exact: true }).check();
  await shots(page, "public-prices-review");
  await dialog.getByRole("button", { name: "Import 1 model" }).click();
  await expect(page.getByText("Price book from the public dataset: 1 model added, 0 prices updated")).toBeVisible();
  // The review is read again: the imported model is no longer offered.
  await expect(dialog.getByRole("checkbox", { name: `Import ${alias}`, exact: true })).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Import 0 models" })).toBeDisabled();

  const after = ((await (await page.request.get("/api/manage/v1/prices/public")).json()) as { data: Review }).data;
  expect(after.entries.find((e) => e.alias === alias)!.status).toBe("unchanged");
  const book = (await (await page.request.get("/api/manage/v1/prices")).json()) as { models: { alias: string; prices: { source: string | null }[] }[] };
  const imported = book.models.find((m) => m.alias === alias)!;
  expect(imported.prices.length).toBeGreaterThan(0);
  for (const p of imported.prices) expect(p.source).toBe(before.source);
});
