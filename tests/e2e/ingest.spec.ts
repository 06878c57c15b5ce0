// An admin finds a usage event ingest could not store on the Ingest page,
// and replays it once the cause is fixed. The event enters the real usage
// stream the way a proxy writes it, and the running worker dead-letters it.
import { expect, test } from "@playwright/test";
import { Redis } from "ioredis";
import { queryDb, signIn } from "./helpers";

test("an admin sees a dead-lettered usage event and replays it after the fix", async ({ page }) => {
  const [{ org_id: orgId, project_id: projectId }] = await queryDb<{ org_id: string; project_id: string }>(
    `SELECT p.org_id, p.id AS project_id FROM project p JOIN membership m ON m.org_id = p.org_id JOIN app_user u ON u.id = m.user_id WHERE u.email = $1 ORDER BY p.created_at LIMIT 1`,
    [process.env.E2E_ADMIN_EMAIL],
  ) as [{ org_id: string; project_id: string }];
  // A constraint stands in for a defect that a later release fixes.
  await queryDb(`ALTER TABLE usage_event ADD CONSTRAINT e2e_blocked_user CHECK (end_user IS DISTINCT FROM 'e2e-blocked')`);
  const requestId = `req_e2e_dead_${Date.now()}`;
  const event = {
    requestId, occurredAt: new Date().toISOString(), orgId, projectId, endpoint: "/v1/chat/completions", requestedModel: "gpt-5-mini", servedModel: "gpt-5-mini",
    tier: "economy", inputTokens: 12, outputTokens: 8, costUsd: "0.000019000", latencyMs: 300, status: "ok", httpStatus: 200, endUser: "e2e-blocked",
  };
  const redis = new Redis(process.env.E2E_REDIS_URL!);
  try {
    await redis.xadd("tollgate:usage:events", "*", "e", JSON.stringify(event));
  } finally {
    redis.disconnect();
  }

  await signIn(page);
  await page.getByRole("link", { name: "Ingest" }).click();
  await expect(page.getByRole("heading", { name: "Usage ingest" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("dead-letter-count")).toHaveText("1 open", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const row = page.getByTestId("dead-letters").getByRole("row").filter({ hasText: requestId });
  await expect(row).toContainText("refused by Postgres");
  await expect(row).toContainText("23514");
  await page.screenshot({ path: "test-results/e2e/ingest-dead-letter.png", fullPage: true });

  await queryDb(`ALTER TABLE usage_event DROP CONSTRAINT e2e_blocked_user`);
  await page.getByRole("button", { name: "Replay all" }).click();
  await expect(page.getByRole("status")).toHaveText("Replayed 1; still failing 0.");
  await expect(page.getByTestId("dead-letter-count")).toHaveText("0 open");
  const stored = await queryDb<{ cost: string }>(`SELECT cost_usd::text AS cost FROM usage_event WHERE request_id = $1`, [requestId]);
  expect(stored).toEqual([{ cost: "0.000019000" }]);
});
