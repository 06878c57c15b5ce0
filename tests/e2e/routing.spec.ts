// The Routing page as an admin and an engineer use it: the admin builds a
// fallback policy in the form (a missing model is caught before sending, an
// unpriced one is refused by the server on its field, and nothing typed is
// lost), sees it listed, tests a request and reads the candidates in order,
// switches the policy to shadow and sees the test say so; routing statistics
// read usage rows carrying routing records (written through the ingest path,
// as the proxy's will be); an engineer reads the org-wide policy but cannot
// change it, in the page or through the API. Screenshots at 1280 and 1440,
// light and dark, under test-results/e2e/.
import { expect, test, type Page } from "@playwright/test";
import { createDbClient } from "../../lib/db/create-db-client";
import { routeRecord } from "../../lib/routing/route-record";
import type { RouteDecision } from "../../lib/routing/route-types";
import { recordUsageBatch } from "../../lib/usage/record-usage-batch";
import type { UsageEventInput } from "../../lib/usage/usage-event-schema";
import { addMember, queryDb, signIn, signOut } from "./helpers";

const POLICY = "E2E fallback";
// A model name only routing knows: the policy changes no other spec's traffic.
const ASKED = "e2e-auto";
const SHOTS = "test-results/e2e";

async function shots(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/routing-${name}-${scheme}-${width}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Usage rows with routing records for the policy, stored the way the ingest worker stores the proxy's events. */
async function recordRoutedUsage(orgId: string, projectId: string, policyId: string) {
  const decision = (over: Partial<RouteDecision>): RouteDecision => ({
    mode: "enforce", policyId, policyName: POLICY, ruleId: "chat-fallback", action: "fallback", candidates: ["gpt-5-mini", "claude-sonnet-4.5"],
    skipped: [], sticky: null, cache: null, failover: null, cascade: null, localFirst: null, ...over,
  });
  const chain = decision({});
  const local = decision({ ruleId: "local-burst", action: "local-first", candidates: ["local-tiny", "gpt-5-mini"] });
  const at = new Date(Date.now() - 3600_000).toISOString();
  const events: UsageEventInput[] = [];
  const add = (d: RouteDecision, attempts: [string, "primary" | "fallback", "ok" | "upstream_error", string | null, Record<string, unknown>?][]) => {
    const requestId = `e2e-routing-${events.length}-${Date.now()}`;
    attempts.forEach(([model, role, status, cost, extra], index) => events.push({
      requestId, attempt: index, occurredAt: at, orgId, projectId, apiKeyId: null, endpoint: "/v1/chat/completions", requestedModel: ASKED, servedModel: model,
      inputTokens: 800, outputTokens: 120, costUsd: cost, latencyMs: 900, status, httpStatus: status === "ok" ? 200 : 502,
      routing: routeRecord(d, { index, role, ...extra }) as unknown as Record<string, unknown>,
    }));
  };
  for (let i = 0; i < 6; i++) add(chain, [["gpt-5-mini", "primary", "ok", "0.000440000"]]);
  add(chain, [["gpt-5-mini", "primary", "upstream_error", "0"], ["claude-sonnet-4.5", "fallback", "ok", "0.004200000"]]);
  add(chain, [["gpt-5-mini", "primary", "ok", "0", { cache: { status: "hit", savedCostUsd: "0.00044" } }]]);
  for (let i = 0; i < 3; i++) add(local, [["local-tiny", "primary", "ok", "0", { local: { model: "local-tiny", served: "local", reason: null } }]]);
  add(local, [["gpt-5-mini", "primary", "ok", "0.000440000", { local: { model: "local-tiny", served: "burst", reason: "at-capacity" } }]]);
  const db = createDbClient(process.env.E2E_DATABASE_URL!, { poolSize: 1 });
  try {
    await recordUsageBatch(db, events);
  } finally {
    await db.$disconnect();
  }
}

test("an admin builds a fallback policy, tests a request, switches it to shadow; an engineer cannot edit the org-wide policy", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page);
  await page.getByRole("link", { name: "Routing" }).click();
  await expect(page.getByRole("heading", { name: "Routing", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "New policy" }).first().click();

  const form = page.getByRole("form", { name: "New routing policy" });
  await form.getByLabel("Name", { exact: true }).fill(POLICY);
  const rule = form.getByTestId("rule-0");
  await rule.getByLabel("Rule id").fill("chat-fallback");
  await rule.getByLabel("Description").fill("Chat on gpt-5-mini, Sonnet when it fails");
  await rule.getByText("Match:").click();
  await rule.getByLabel("Requested models").fill(ASKED);
  await expect(rule.getByLabel("Action")).toHaveValue("fallback");
  const first = rule.getByLabel("Fallback chain, tried in order: model 1");
  const second = rule.getByLabel("Fallback chain, tried in order: model 2");
  await first.selectOption("gpt-5-mini");

  // A model left out is named before anything is sent.
  await form.getByRole("button", { name: "Create policy" }).click();
  await expect(rule.getByText("required", { exact: true })).toBeVisible();

  // An unpriced model is the server's to refuse: its 422 lands on that field, and the form keeps what was typed.
  await second.selectOption("llama-3.1-70b-custom");
  await form.getByRole("button", { name: "Create policy" }).click();
  await expect(rule.getByText(/"llama-3.1-70b-custom" has no price in effect/)).toBeVisible();
  await expect(second).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(POLICY);
  await expect(rule.getByLabel("Requested models")).toHaveValue(ASKED);
  await shots(page, "editor-refused");

  // Another action kind has its own fields; switching back restores the chain as it was.
  await rule.getByLabel("Action").selectOption("split");
  await expect(rule.getByText("Total 100%")).toBeVisible();
  await rule.getByLabel("Action").selectOption("fallback");
  await expect(first).toHaveValue("gpt-5-mini");
  // The JSON tab shows the rules in the API's shape, and the form comes back unchanged.
  await form.getByRole("tab", { name: "JSON (advanced)" }).click();
  await expect(form.getByLabel("Rules as JSON")).toHaveValue(/"id": "chat-fallback"[\s\S]*"kind": "fallback"/);
  await form.getByRole("tab", { name: "Rules" }).click();
  await expect(rule.getByLabel("Requested models")).toHaveValue(ASKED);

  await second.selectOption("claude-sonnet-4.5");
  await form.getByRole("button", { name: "Create policy" }).click();
  await expect(page).toHaveURL(/\/routing$/);
  const table = page.getByTestId("routing-policies");
  const row = table.locator("tr", { hasText: POLICY });
  await expect(row).toContainText("Every project (org-wide)");
  await expect(row).toContainText("enforce");
  const policyId = (await row.getByRole("link", { name: POLICY, exact: true }).getAttribute("href"))!.split("/").pop()!;

  // The test panel decides as the proxy would: this rule, the primary first and the fallback after it.
  const tester = page.getByRole("form", { name: "Test a request" });
  await tester.getByLabel("Model asked for").fill(ASKED);
  await tester.getByRole("button", { name: "Test request" }).click();
  await expect(page.getByTestId("test-rule")).toHaveText(`Rule "chat-fallback" of policy "${POLICY}" (fallback chain)`);
  await expect(page.getByTestId("test-candidates").locator("li")).toHaveText([/^gpt-5-mini\s+serves$/, /^claude-sonnet-4\.5\s+fallback/]);

  // Routing statistics from usage rows with routing records.
  const [{ org_id: orgId, id: projectId }] = (await queryDb<{ org_id: string; id: string }>(`SELECT org_id, id FROM project WHERE org_id = (SELECT org_id FROM routing_policy WHERE id = $1) ORDER BY created_at LIMIT 1`, [policyId])) as [{ org_id: string; id: string }];
  await recordRoutedUsage(orgId, projectId, policyId);
  await page.reload();
  const byRule = page.getByTestId("routing-by-rule");
  // Requests are first attempts: 6 served by the primary, 1 by the fallback, 1 from the cache.
  await expect(byRule.locator("tr", { hasText: "chat-fallback" }).locator("td").nth(3)).toHaveText("8");
  // One of the 8 fell back (the demo's own routed traffic is in the headline figures too, so the rule's row says it).
  await expect(byRule.locator("tr", { hasText: "chat-fallback" }).locator("td").nth(5)).toHaveText("12.5%");
  await expect(page.getByTestId("routing-local-first")).toContainText("local-tiny");

  // Shadow: recorded, never applied; the test now says no rule decides, and what the shadow policy would do.
  await page.getByRole("button", { name: `Switch to shadow: ${POLICY}` }).click();
  await expect(row).toContainText("shadow");
  await expect(page.getByRole("button", { name: `Enforce: ${POLICY}` })).toBeVisible();
  // (The reload above emptied the form.)
  await tester.getByLabel("Model asked for").fill(ASKED);
  await tester.getByRole("button", { name: "Test request" }).click();
  await expect(page.getByTestId("test-rule")).toHaveText(/^No rule matched/);
  await expect(page.getByTestId("test-shadow")).toContainText(`policy "${POLICY}"`);
  await expect(page.getByTestId("test-shadow")).toContainText("would send to gpt-5-mini");
  await shots(page, "page");
  await page.goto(`/routing/${policyId}`);
  await shots(page, "editor");

  // An engineer in one project reads the org-wide policy and cannot change it.
  const projects = (await (await page.request.get("/api/manage/v1/projects")).json()).data as { id: string }[];
  const engineer = await addMember(page, "engineer");
  expect((await page.request.post(`/api/manage/v1/projects/${projects[0]!.id}/members`, { data: { userId: engineer.id } })).status()).toBe(201);
  await signOut(page);
  await signIn(page, engineer);
  await page.goto("/routing");
  const engineerRow = page.getByTestId("routing-policies").locator("tr", { hasText: POLICY });
  await expect(engineerRow).toContainText("owners and admins edit");
  await expect(engineerRow.getByRole("button")).toHaveCount(0);
  await expect(engineerRow.getByRole("switch")).toHaveCount(0);
  await engineerRow.getByRole("link", { name: POLICY, exact: true }).click();
  await expect(page.getByRole("note")).toContainText("owners and admins edit it");
  await expect(page.getByLabel("Name", { exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save policy" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Delete ${POLICY}` })).toHaveCount(0);
  const patch = await page.request.patch(`/api/manage/v1/routing/policies/${policyId}`, { data: { enabled: false } });
  expect(patch.status()).toBe(403);
  await shots(page, "engineer-read-only");
});
