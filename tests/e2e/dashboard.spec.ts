// A finance lead's morning: the overview, one project, and the CSV and FOCUS
// exports, each checked against the database and against each other.
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Download } from "@playwright/test";
import Decimal from "decimal.js";
import { addMember, owner, parseCsv, queryDb, signIn, signOut, waitForDemoBenchmarks } from "./helpers";

const usd = (value: string) => `$${new Decimal(value).toFixed(2, Decimal.ROUND_HALF_EVEN).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
const read = async (download: Download) => readFile((await download.path())!, "utf8");

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F/);
});

test("a signed-out visit is a real redirect to sign-in, and the site has a favicon", async ({ page }) => {
  const home = await page.request.get("/budgets?period=month", { maxRedirects: 0 });
  expect(home.status()).toBe(307);
  expect(home.headers()["location"]).toBe("/signin?callbackUrl=%2Fbudgets%3Fperiod%3Dmonth");
  const root = await page.request.get("/", { maxRedirects: 0 });
  expect(root.status()).toBe(307);
  expect(root.headers()["location"]).toBe("/signin?callbackUrl=%2F");
  const favicon = await page.request.get("/favicon.ico", { maxRedirects: 0 });
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/^image\//);
  expect((await favicon.body()).length).toBeGreaterThan(0);
  await page.goto("/signin");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon|favicon/);
});

test("a finance lead reads the overview, filters to a project, and exports CSV and FOCUS that match it", async ({ page }) => {
  // The demo's benchmark runs add the Benchmarks project's spend: let them finish first.
  await waitForDemoBenchmarks();
  await signIn(page);
  const finance = await addMember(page, "finance");
  await signOut(page);
  await signIn(page, finance);

  // The demo org's days are UTC; the default view is the last 30 days, today included.
  const [row] = await queryDb<{ total: string; project_id: string; project_total: string; name: string }>(`
    WITH r AS (SELECT * FROM usage_event WHERE occurred_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '29 days'),
    top AS (SELECT r.project_id, p.name, sum(cost_usd) AS cost FROM r JOIN project p ON p.id = r.project_id GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1)
    SELECT (SELECT sum(cost_usd) FROM r)::text AS total, top.project_id, top.cost::text AS project_total, top.name FROM top`);
  const { total, project_id: projectId, project_total: projectTotal, name } = row!;
  await expect(page.getByTestId("period-total")).toHaveText(usd(total));
  await expect(page.getByTestId("unpriced-callout")).toContainText("unpriced");
  // The five demo projects and Benchmarks (the demo's benchmark runs, metered like any app's).
  await expect(page.getByTestId("by-project").locator("tbody tr")).toHaveCount(6);
  await expect(page.getByTestId("by-project")).toContainText("Benchmarks");
  const chart = page.getByTestId("tier-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  for (const tier of ["premium", "mid", "economy"]) await expect(chart.locator(".recharts-legend-item-text", { hasText: tier })).toBeVisible();
  await expect(page.getByTestId("budget-summary")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/overview.png" });

  // Tables sort from the keyboard.
  const requestsHeader = page.getByTestId("by-project").getByRole("button", { name: "Requests", exact: true });
  await requestsHeader.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("by-project").locator('th[aria-sort="descending"]')).toHaveText("Requests ▼");
  const counts = await page.getByTestId("by-project").locator("tbody tr td:nth-child(2)").allTextContents();
  const numbers = counts.map((c) => Number(c.replace(/,/g, "")));
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));

  // Filter to one project: kept in the URL, so the view can be shared.
  await page.getByRole("combobox", { name: "Project", exact: true }).selectOption({ label: name });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`project=${projectId}`));
  await expect(page.getByTestId("period-total")).toHaveText(usd(projectTotal));

  // CSV of the by-model table: exact decimals that add up to the total shown.
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV: Spend by model" }).click()]);
  const csv = parseCsv(await read(csvDownload));
  expect(csv.length).toBeGreaterThan(1);
  expect(Object.keys(csv[0]!)).toEqual(["Model", "Requests", "Input tokens", "Output tokens", "Spend (USD)", "Previous period", "Change", "Unpriced requests"]);
  const csvTotal = csv.reduce((sum, r) => sum.plus(r["Spend (USD)"] || 0), new Decimal(0));
  expect(csvTotal.eq(projectTotal)).toBe(true);

  // FOCUS 1.2 for the same view: every mandatory column, and BilledCost adds up to the same total.
  const [focusDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("focus-export").click()]);
  expect(focusDownload.suggestedFilename()).toMatch(/^tollgate-focus-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const focus = parseCsv(await read(focusDownload));
  for (const column of ["BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodStart", "BillingPeriodEnd", "ChargeCategory", "ChargeClass",
    "ChargeDescription", "ChargePeriodStart", "ChargePeriodEnd", "ContractedCost", "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit",
    "ProviderName", "PublisherName", "ServiceCategory", "ServiceName", "SkuId", "SkuMeter", "ConsumedQuantity", "ConsumedUnit"]) {
    expect(Object.keys(focus[0]!)).toContain(column);
  }
  expect(new Set(focus.map((r) => r.SubAccountId))).toEqual(new Set([projectId]));
  expect([...new Set(focus.map((r) => r.SkuMeter))]).toEqual(expect.arrayContaining(["Input Tokens", "Output Tokens"]));
  expect(focus.reduce((sum, r) => sum.plus(r.BilledCost!), new Decimal(0)).eq(projectTotal)).toBe(true);

  // The project page, and a model page from it.
  await page.getByTestId("by-project").getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { name: `Project ${name}` })).toBeVisible();
  await expect(page.getByTestId("period-total")).toHaveText(usd(projectTotal));
  await page.screenshot({ path: "test-results/screenshots/project.png" });
  await page.getByTestId("by-model").locator("tbody tr").first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: /^Model / })).toBeVisible();
  await expect(page.getByTestId("cost-per-1k")).toContainText("$");
  // Requests, latency and time to first token each on a chart of its own, over every day of the range.
  await expect(page.getByTestId("model-trend-charts").getByRole("img")).toHaveCount(3);
  await expect(page.getByTestId("model-trend-charts")).toHaveAttribute("data-days", "30");
  await page.screenshot({ path: "test-results/screenshots/model.png" });

  // A finance lead cannot manage keys: the form is absent and the API refuses.
  await page.goto("/keys");
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
});

test("the spend chart keeps a day for every day of the range, so a few days of data are narrow bars", async ({ page }) => {
  await signIn(page);
  // The demo has 60 days of usage: from 66 to 57 days ago, only the last few days of the range have spend.
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`/?from=${day(66)}&to=${day(57)}`);
  const chart = page.getByTestId("tier-chart");
  await expect(chart).toHaveAttribute("data-days", "10");
  const bar = chart.locator(".recharts-bar-rectangle").first();
  await expect(bar).toBeVisible();
  const [barBox, chartBox] = [await bar.boundingBox(), await chart.boundingBox()];
  expect(barBox!.width).toBeLessThan(chartBox!.width / 8);
});

test("a bad filter link explains itself instead of failing", async ({ page }) => {
  await signIn(page);
  await page.goto("/?from=2026-02-30");
  await expect(page.getByRole("alert").filter({ hasText: "cannot be shown" })).toContainText("not a calendar date");
  await page.goto("/?from=2026-11-10&to=2026-11-01");
  await expect(page.getByRole("alert").filter({ hasText: "cannot be shown" })).toContainText("must not be after");
  const api = await page.request.get("/api/manage/v1/spend/overview?tier=platinum");
  expect(api.status()).toBe(422);
});

test("date-range presets keep the other filters, and a table's columns can be hidden from the keyboard", async ({ page }) => {
  await signIn(page);
  // The demo org's days are UTC.
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  await page.goto("/?tier=premium");
  const presets = page.getByRole("navigation", { name: "Date range presets" });
  await presets.getByRole("link", { name: "7 days" }).click();
  await expect(page).toHaveURL(new RegExp(`tier=premium&from=${day(6)}&to=${day(0)}$`));
  await expect(presets.getByRole("link", { name: "7 days" })).toHaveAttribute("aria-current", "true");
  await expect(page.getByLabel("From")).toHaveValue(day(6));

  const table = page.getByTestId("by-model");
  await expect(table.getByRole("columnheader", { name: "Input tokens" })).toBeVisible();
  await page.getByRole("button", { name: "Columns: Spend by model" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("menuitemcheckbox", { name: "Input tokens" }).press("Space");
  await page.keyboard.press("Escape");
  await expect(table.getByRole("columnheader", { name: "Input tokens" })).toHaveCount(0);
  await expect(table.getByRole("columnheader", { name: /Output tokens/ })).toBeVisible();
});

test("a custom range on the calendar keeps the other filters, and the date inputs follow it", async ({ page }) => {
  await signIn(page);
  // The demo org's days are UTC.
  const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  await page.goto("/?tier=economy");
  const calendar = page.getByRole("dialog", { name: "Pick a date range" });
  const trigger = page.getByRole("button", { name: "Custom range…" });
  // A day's cell in its own month (a month's grid also holds hidden cells of the next one's first days).
  const cell = (d: string) => calendar.locator(`[data-day="${d}"]:not([data-outside])`);
  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(calendar).toBeVisible();
  // Focus starts on the range's first day, so the arrows move from there.
  await expect(cell(day(29)).getByRole("button")).toBeFocused();
  // The range shown (the default: 30 days to today) is selected; a day after today cannot be picked.
  await expect(cell(day(0))).toHaveAttribute("aria-selected", "true");
  await expect(cell(day(29))).toHaveAttribute("aria-selected", "true");
  if (day(-1).slice(0, 7) === day(0).slice(0, 7)) await expect(cell(day(-1)).getByRole("button")).toBeDisabled();
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include('[data-testid="range-calendar"]').withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${scheme}: ${v.id} ${v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} ${n.html.slice(0, 160)}`).join(" | ")}`)).toEqual([]);
    await page.screenshot({ path: `test-results/e2e/pages/overview-calendar-${scheme}-1440.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });

  // A new range: a click starts it, the keyboard ends it (a week on with the arrows, Enter); Apply opens the view with only from and to changed.
  await cell(day(10)).getByRole("button").click();
  await expect(calendar.getByTestId("range-calendar-summary")).toContainText("Pick the last day");
  for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
  await expect(cell(day(3)).getByRole("button")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(calendar.getByTestId("range-calendar-summary")).toHaveText(`${day(10)} to ${day(3)}: 8 days (UTC)`);
  await calendar.getByRole("button", { name: "Apply range" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?tier=economy&from=${day(10)}&to=${day(3)}$`));
  await expect(page.getByLabel("From")).toHaveValue(day(10));
  await expect(page.getByLabel("To", { exact: true })).toHaveValue(day(3));
  await expect(page.getByLabel("Tier", { exact: true })).toHaveValue("economy");

  // Escape closes the calendar without a change and gives focus back to its button.
  await trigger.click();
  await expect(cell(day(10))).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Escape");
  await expect(calendar).toBeHidden();
  await expect(trigger).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`from=${day(10)}&to=${day(3)}$`));
});
