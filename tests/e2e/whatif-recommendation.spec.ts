// A recommendation, from the finance lead who finds it to the engineer who
// turns it live: the owner adds a finance lead and an engineer of the
// recommended project; the finance lead opens What-if > Recommendations (the
// demo's synthetic traffic and runs give some), makes the top one a scenario,
// waits for its run and reads saving, quality and latency (the scenario's
// saving is the recommendation's, within the rounding of differently folded
// cells), then applies it in shadow mode: enforce is not offered to finance,
// and the API refuses it with a 403. The engineer opens the policy on the
// Routing page and enforces it. Screenshots at 1280 and 1440, light and dark,
// in test-results/e2e/pages/.
import { expect, test } from "@playwright/test";
import { usdToNano } from "../../lib/money/nano-usd";
import { addMember, shots, signIn, signOut } from "./helpers";

interface Recommendation {
  projectId: string; projectName: string; requestedModel: string; baselineCostUsd: string;
  candidates: { model: string; simulatedCostUsd: string; savingUsd: string; qualityRetainedPercent: string | null }[];
}

test("a finance lead makes a recommendation a scenario and applies it in shadow; an engineer turns it live", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page);
  const res = await page.request.get("/api/manage/v1/whatif/recommendations");
  expect(res.status()).toBe(200);
  const recommendations = ((await res.json()) as { data: { recommendations: Recommendation[] } }).data.recommendations;
  const top = recommendations.find((r) => r.candidates.length > 0);
  expect(top, "the demo shows at least one recommendation").toBeDefined();
  const candidate = top!.candidates[0]!;
  const finance = await addMember(page, "finance");
  const engineer = await addMember(page, "engineer");
  expect((await page.request.post(`/api/manage/v1/projects/${top!.projectId}/members`, { data: { userId: engineer.id } })).status()).toBe(201);
  await signOut(page);

  // The finance lead finds it from the What-if page.
  await signIn(page, finance);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "What-if" }).click();
  await page.getByRole("link", { name: "Recommendations" }).click();
  await expect(page.getByRole("heading", { name: "Recommendations", level: 1 })).toBeVisible();
  const table = page.getByTestId("whatif-recommendations");
  const firstRow = table.locator("tbody tr").first();
  await expect(firstRow).toContainText(top!.projectName);
  await expect(firstRow).toContainText(top!.requestedModel);
  await expect(firstRow).toContainText(candidate.model);
  await expect(page.getByTestId("whatif-scope")).toContainText("Size (context)");
  await shots(page, "whatif-recommendation-list");

  // Stricter limits are a plain GET form: X = 100 keeps only candidates at least as good.
  await page.getByLabel("Quality kept at least (X, %)").fill("100");
  await page.getByRole("button", { name: "Apply limits" }).click();
  await expect(page).toHaveURL(/quality=100/);
  await expect(page.getByLabel("Quality kept at least (X, %)")).toHaveValue("100");
  await page.goto("/whatif/recommendations");
  await expect(firstRow).toContainText(candidate.model);

  await firstRow.getByRole("button", { name: /^Make scenario/ }).click();
  await expect(page).toHaveURL(/\/whatif\/(?!recommendations)[^/?]+$/);
  const name = `${top!.requestedModel} to ${candidate.model} in ${top!.projectName} (recommendation)`;
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId("whatif-status")).toHaveText("succeeded", { timeout: 90_000 });
  const scenarioId = new URL(page.url()).pathname.split("/").pop()!;
  const scenario = (await (await page.request.get(`/api/manage/v1/whatif/scenarios/${scenarioId}`)).json()) as { data: { results: { baselineCostUsd: string; simulatedCostUsd: string }[] } };
  const [result] = scenario.data.results;
  // The scenario's baseline is all the traffic it reads; its saving is the one rule's, the recommendation's.
  const drift = usdToNano(result!.baselineCostUsd) - usdToNano(result!.simulatedCostUsd) - usdToNano(candidate.savingUsd);
  expect(drift < 0n ? -drift : drift).toBeLessThan(10_000n); // under $0.00001: only per-cell rounding differs
  // Saving, quality (the deciding suite is named) and latency, read as the finance lead reads them.
  await expect(page.getByTestId("kpi-saving")).toContainText("Saving");
  await expect(page.getByTestId("kpi-saving")).toContainText("% of the baseline");
  await expect(page.getByTestId("kpi-quality")).toContainText("→");
  await expect(page.getByTestId("kpi-quality")).not.toContainText("unmeasured");
  await expect(page.getByTestId("kpi-latency")).toContainText(" ms");
  await expect(page.getByTestId("kpi-latency")).not.toContainText("unmeasured");
  await shots(page, "whatif-recommendation-scenario");

  // Shadow only: enforce is not offered, and the API refuses it.
  await page.getByRole("button", { name: "Apply as routing policy" }).click();
  const dialog = page.getByRole("dialog", { name: "Apply as a routing policy" });
  await expect(dialog.getByRole("radio", { name: /Shadow/ })).toBeChecked();
  await expect(dialog.getByRole("radio", { name: /Enforce/ })).toBeDisabled();
  const resultId = ((await (await page.request.get(`/api/manage/v1/whatif/scenarios/${scenarioId}`)).json()) as { data: { results: { id: string }[] } }).data.results[0]!.id;
  const refused = await page.request.post(`/api/manage/v1/whatif/scenarios/${scenarioId}/apply`, { data: { resultId, mode: "enforce" } });
  expect(refused.status()).toBe(403);
  await dialog.getByRole("button", { name: "Create shadow policy" }).click();
  const policyName = `What-if: ${name}`.slice(0, 120);
  await expect(dialog.getByTestId("apply-done")).toContainText(policyName);
  await expect(dialog.getByTestId("apply-done")).toContainText("shadow mode");
  await shots(page, "whatif-recommendation-applied-shadow");
  await dialog.getByRole("button", { name: "Close" }).click();
  await signOut(page);

  // The engineer of the project turns it live on the Routing page.
  await signIn(page, engineer);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Routing" }).click();
  const row = page.getByTestId("routing-policies").locator("tr", { hasText: policyName });
  await expect(row).toContainText(top!.projectName);
  await expect(row).toContainText("shadow");
  await row.getByRole("button", { name: `Enforce: ${policyName}` }).click();
  await expect(row).toContainText("enforce");
  await expect(row.getByRole("button", { name: `Switch to shadow: ${policyName}` })).toBeVisible();
  const policies = ((await (await page.request.get("/api/manage/v1/routing/policies")).json()) as { data: { name: string; mode: string; projectId: string | null }[] }).data;
  expect(policies.find((p) => p.name === policyName)).toMatchObject({ mode: "enforce", projectId: top!.projectId });
  await shots(page, "whatif-recommendation-enforced");
});
