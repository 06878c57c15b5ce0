import { expect, test } from "@playwright/test";
import pg from "pg";
import { owner, signIn } from "./helpers";

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F/);
});

test("the seeded owner signs in and sees spend from the rollups", async ({ page }) => {
  await signIn(page);

  // Month-to-date must equal what the database holds for this org, to the cent.
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  const { rows } = await client.query(
    `SELECT to_char(round(coalesce(sum(cost_usd), 0), 2), 'FM999,999,990.00') AS mtd FROM usage_rollup_hourly
     WHERE hour >= date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
  );
  await client.end();
  await expect(page.getByTestId("mtd-total")).toHaveText(`$${rows[0].mtd}`);
  expect(Number(rows[0].mtd.replace(/,/g, ""))).toBeGreaterThan(0);

  await expect(page.getByTestId("unpriced-callout")).toContainText("unpriced");
  await expect(page.getByTestId("by-project").locator("tbody tr")).toHaveCount(5);
  await expect(page.getByTestId("top-models").locator("tbody tr").first()).toBeVisible();
  const chart = page.getByTestId("tier-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  for (const tier of ["premium", "mid", "economy"]) await expect(chart.locator(".recharts-legend-item-text", { hasText: tier })).toBeVisible();

  await page.screenshot({ path: "test-results/screenshots/dashboard-overview.png", fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  // Signed out, a deep link leads to sign-in and back to where it pointed.
  await page.goto("/models");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmodels/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Models and prices" })).toBeVisible();
});
