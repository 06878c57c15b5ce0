// The Providers page manages what it lists (edit, write-only credential,
// disable/enable, delete with a confirmation and a clear refusal while
// deployments use the provider), from the keyboard; the audit log names who
// and what; the rate-limit form's key select is not covered by the next field.
import { expect, test } from "@playwright/test";
import { owner, signIn } from "./helpers";

test("providers: edit, credential change, disable and delete from the keyboard; audit log shows names", async ({ page }) => {
  await signIn(page);
  const create = async (name: string, credential?: string) => {
    const res = await page.request.post("/api/manage/v1/providers", { data: { name, vendor: "vllm", kind: "local", baseUrl: "http://127.0.0.1:9/v1", ...(credential ? { credential } : {}) } });
    expect(res.status()).toBe(201);
    return (await res.json()).data.id as string;
  };
  const usedId = await create("kb-used", "sk-kb-old");
  await create("kb-spare");
  expect((await page.request.post("/api/manage/v1/models", { data: { alias: "kb-model", deployments: [{ providerId: usedId, upstreamModel: "kb-upstream" }], price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "1", output: "2" } } })).status()).toBe(201);

  // The sidebar from the keyboard: Tab reaches the link, Enter follows it.
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === "Providers");
  }
  expect(reached, "Tab reaches the Providers link").toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Providers", level: 1 })).toBeVisible();
  const table = page.getByTestId("providers-table");

  // Edit: the dialog opens from the keyboard, the key field starts empty, Enter saves.
  await table.getByRole("button", { name: "Edit kb-used" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Edit kb-used" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("New API key")).toHaveValue("");
  await dialog.getByLabel("Name").fill("kb-edited");
  await dialog.getByLabel("Base URL").fill("http://127.0.0.1:10/v1");
  await dialog.getByLabel("New API key").fill("sk-kb-new");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  const row = table.getByRole("row", { name: /kb-edited/ });
  await expect(row).toContainText("http://127.0.0.1:10/v1");
  await expect(row).toContainText("set");
  await expect(page.locator("body")).not.toContainText("sk-kb-");
  expect(await (await page.request.get("/api/manage/v1/providers")).text()).not.toMatch(/sk-kb-|encryptedCredential/);

  // Escape closes a dialog and gives focus back to its trigger.
  const spareEdit = table.getByRole("button", { name: "Edit kb-spare" });
  await spareEdit.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "Edit kb-spare" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
  await expect(spareEdit).toBeFocused();

  // Disable and enable.
  await row.getByRole("button", { name: "Disable kb-edited" }).click();
  await expect(row).toContainText("disabled");
  await row.getByRole("button", { name: "Enable kb-edited" }).click();
  await expect(row.getByRole("button", { name: "Disable kb-edited" })).toBeVisible();

  // Delete asks first, and is refused while a model deploys to it.
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog", { name: "Delete kb-edited?" })).toBeVisible();
  await page.getByRole("button", { name: "Delete provider" }).click();
  await expect(row.getByRole("alert")).toContainText(/still used by 1 deployment .*kb-model/);
  await expect(row).toBeVisible();
  // An unused one goes.
  const spare = table.getByRole("row", { name: /kb-spare/ });
  await spare.getByRole("button", { name: "Delete" }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Delete provider" }).click();
  await expect(spare).toHaveCount(0);

  // The audit log names the actor and the (deleted) entity, with the ids beside them.
  await page.goto(`/audit?entityType=provider`);
  const log = page.getByTestId("audit-log");
  const deleted = log.getByRole("row", { name: /provider\.delete/ }).first();
  await expect(deleted).toContainText("kb-spare");
  await expect(deleted).toContainText(owner.email);
  await page.getByLabel("Actor").fill(owner.email);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(log.getByRole("row", { name: /provider\.update/ }).first()).toContainText("kb-edited");
});

test("rate limits: the API key select is not covered by the next field", async ({ page }) => {
  await signIn(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/limits");
  const key = page.getByLabel("API key", { exact: true });
  const next = page.getByLabel("Requests / minute");
  await expect(key).toBeVisible();
  for (const width of [1280, 768]) {
    await page.setViewportSize({ width, height: 900 });
    // Re-measured until the layout settles after the resize (and after hydration, which may replace the nodes).
    await expect.poll(async () => {
      const [a, b] = [await key.boundingBox(), await next.boundingBox()];
      if (!a || !b) return "not laid out yet";
      return a.x + a.width <= b.x || a.y + a.height <= b.y ? "apart" : `key select ${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`;
    }, { message: `at ${width}` }).toBe("apart");
  }
});

test("rate limits on the table: counts right-aligned with separators, '–' where not limited, sortable, deleted from the row", async ({ page }) => {
  await signIn(page);
  // Models of their own (a limit names a model of the org), so no other spec's traffic meets these limits.
  const provider = await page.request.post("/api/manage/v1/providers", { data: { name: "e2e-limits", vendor: "vllm", kind: "local", baseUrl: "http://127.0.0.1:9/v1" } });
  expect(provider.status()).toBe(201);
  const providerId = (await provider.json()).data.id as string;
  for (const alias of ["e2e-limits-a", "e2e-limits-b"]) {
    const model = await page.request.post("/api/manage/v1/models", { data: { alias, deployments: [{ providerId, upstreamModel: alias }], price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "1", output: "2" } } });
    expect(model.status()).toBe(201);
  }
  const ids: string[] = [];
  for (const [modelAlias, requestsPerMin, tokensPerMin] of [["e2e-limits-a", 1200, null], ["e2e-limits-b", 30, 2_500_000]] as const) {
    const res = await page.request.post("/api/manage/v1/rate-limits", { data: { scope: "model", modelAlias, requestsPerMin, tokensPerMin } });
    expect(res.status()).toBe(201);
    ids.push((await res.json()).data.id as string);
  }
  try {
    await page.goto("/limits");
    const table = page.getByTestId("rate-limits");
    const a = table.getByRole("row", { name: /Model e2e-limits-a/ });
    const b = table.getByRole("row", { name: /Model e2e-limits-b/ });
    await expect(a.getByRole("cell").nth(1)).toHaveText("1,200");
    await expect(a.getByRole("cell").nth(2)).toHaveText("–");
    await expect(b.getByRole("cell").nth(2)).toHaveText("2,500,000");
    expect(await a.getByRole("cell").nth(1).evaluate((td) => getComputedStyle(td).textAlign)).toBe("right");

    // Sorting by a header (a button, so the keyboard reaches it): a number column sorts largest first.
    const header = table.getByRole("columnheader", { name: /Requests\/min/ });
    await header.getByRole("button").focus();
    await page.keyboard.press("Enter");
    await expect(header).toHaveAttribute("aria-sort", "descending");
    const order = async () => (await table.locator("tbody tr").allTextContents()).filter((t) => t.includes("e2e-limits-")).map((t) => t.match(/e2e-limits-./)![0]);
    expect(await order()).toEqual(["e2e-limits-a", "e2e-limits-b"]);
    await page.keyboard.press("Enter");
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    expect(await order()).toEqual(["e2e-limits-b", "e2e-limits-a"]);

    // The row's delete asks first; the row goes and its neighbour stays.
    await b.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete limit" }).click();
    await expect(b).toHaveCount(0);
    await expect(a).toBeVisible();
  } finally {
    for (const id of ids) await page.request.delete(`/api/manage/v1/rate-limits/${id}`);
  }
});
