// Forms validate with the management API's own zod schemas before sending:
// a bad field shows its message under the field and no request leaves the page;
// once fixed, the result is a toast and the page shows the new budget.
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("a budget with amount \"abc\" shows the schema's message under the field without calling the API", async ({ page }) => {
  await signIn(page);
  const writes: string[] = [];
  page.on("request", (r) => { if (r.method() !== "GET" && r.url().includes("/api/manage/v1/budgets")) writes.push(r.url()); });
  await page.goto("/budgets");
  const form = page.getByRole("form", { name: "New budget" });
  await form.getByLabel("Name").fill("Form check cap");
  await form.getByLabel("Applies to").selectOption("org");
  // Soft: this budget outlives the test in the shared demo org, and a hard $12.50 cap on the whole org would
  // refuse the other tests' requests once the demo traffic's month to date passes it (it did on 6 December).
  await form.getByLabel("Mode").selectOption("soft");
  await form.getByLabel("Amount (USD)").fill("abc");
  await form.getByRole("button", { name: "Create budget" }).click();

  const amount = form.getByLabel("Amount (USD)");
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await expect(amount).toHaveAccessibleDescription(/must be a USD amount/);
  expect(writes).toEqual([]);

  await amount.fill("12.50");
  await expect(amount).not.toHaveAttribute("aria-invalid", "true");
  await form.getByRole("button", { name: "Create budget" }).click();
  await expect(page.getByText('Budget "Form check cap" created')).toBeVisible();
  await expect(page.getByTestId("budget-Form check cap")).toContainText("of $12.50");
  await expect(page.getByTestId("budget-Form check cap")).toContainText("soft: alerts only");
  expect(writes).toHaveLength(1);
});
