// Every page as a signed-in owner sees it, in light and dark: no serious or
// critical accessibility violations (axe, WCAG 2 A and AA), and no horizontal
// overflow at 1,280, 1,440 and 1,920 px. Screenshots of each page at 1440x900
// and 1280x900 (both schemes) and at 768 and 1920 (light) are kept under
// test-results/e2e/pages/; the overflow at 768 (the shell stacks there) is
// reported as an annotation, not a failure.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { queryDb, signIn } from "./helpers";

async function pagesToVisit(): Promise<string[]> {
  // The owner's org only: other specs write rows of another org, whose pages would (rightly) be "not found".
  const [{ org_id: orgId }] = (await queryDb<{ org_id: string }>(
    `SELECT m.org_id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = $1 ORDER BY m.created_at LIMIT 1`, [process.env.E2E_ADMIN_EMAIL],
  )) as [{ org_id: string }];
  const [project] = await queryDb<{ id: string }>(`SELECT id FROM project WHERE org_id = $1 ORDER BY created_at LIMIT 1`, [orgId]);
  const [event] = await queryDb<{ id: string }>(`SELECT id::text AS id FROM usage_event WHERE org_id = $1 ORDER BY occurred_at DESC LIMIT 1`, [orgId]);
  const [model] = await queryDb<{ served_model: string }>(`SELECT served_model FROM usage_event WHERE org_id = $1 GROUP BY served_model ORDER BY count(*) DESC LIMIT 1`, [orgId]);
  // The demo installs the starter suites and runs two of them on its local model at start-up; benchmarks.spec adds more.
  const [suite] = await queryDb<{ id: string }>(`SELECT id FROM benchmark_suite WHERE org_id = $1 ORDER BY created_at LIMIT 1`, [orgId]);
  const [run] = await queryDb<{ id: string; batch_id: string }>(`SELECT id, batch_id FROM benchmark_run WHERE org_id = $1 AND status = 'succeeded' ORDER BY created_at DESC LIMIT 1`, [orgId]);
  // routing.spec adds a policy (and routed usage for the statistics).
  const [policy] = await queryDb<{ id: string }>(`SELECT id FROM routing_policy WHERE org_id = $1 ORDER BY created_at LIMIT 1`, [orgId]);
  // npm run up creates and runs the demo's what-if scenario.
  const [scenario] = await queryDb<{ id: string }>(`SELECT id FROM scenario WHERE org_id = $1 ORDER BY created_at LIMIT 1`, [orgId]);
  return [
    "/", "/projects", `/projects/${project!.id}`, "/requests", `/requests/${event!.id}`, `/models/usage?model=${encodeURIComponent(model!.served_model)}`,
    "/budgets", "/limits", "/routing", "/routing/new", "/alerts", "/benchmarks", "/whatif", "/whatif/new", "/keys", "/providers", "/models", "/access", "/audit", "/ingest",
    ...(policy ? [`/routing/${policy.id}`] : []),
    ...(scenario ? [`/whatif/${scenario.id}`] : []),
    ...(suite ? [`/benchmarks/suites/${suite.id}`] : []),
    ...(run ? [`/benchmarks/runs/${run.id}`, `/benchmarks/compare?batch=${run.batch_id}`] : ["/benchmarks/compare"]),
  ];
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test("every page: no serious or critical axe violations in light and dark, no horizontal overflow at 1280, 1440 and 1920", async ({ page }) => {
  test.setTimeout(480_000);
  await signIn(page);
  const paths = await pagesToVisit();
  const problems: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const path of paths) {
      await page.setViewportSize({ width: 1440, height: 900 });
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      // A page that says it found nothing is not a page checked.
      await expect(page.getByText(/^No such /), path).toHaveCount(0);
      await page.waitForLoadState("load");
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of results.violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
        problems.push(`${scheme} ${path}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      }
      if ((await overflow(page)) > 0) problems.push(`${scheme} ${path}: overflows at 1440 by ${await overflow(page)} px`);
      const name = path === "/" ? "overview" : path.slice(1).replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
      await page.screenshot({ path: `test-results/e2e/pages/${name}-${scheme}-1440.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      if ((await overflow(page)) > 0) problems.push(`${scheme} ${path}: overflows at 1280 by ${await overflow(page)} px`);
      await page.screenshot({ path: `test-results/e2e/pages/${name}-${scheme}-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 1920, height: 1080 });
      if ((await overflow(page)) > 0) problems.push(`${scheme} ${path}: overflows at 1920 by ${await overflow(page)} px`);
      if (scheme === "light") {
        await page.screenshot({ path: `test-results/e2e/pages/${name}-light-1920.png`, fullPage: true });
        await page.setViewportSize({ width: 768, height: 1024 });
        await page.screenshot({ path: `test-results/e2e/pages/${name}-light-768.png`, fullPage: true });
        const narrow = await overflow(page);
        if (narrow > 0) test.info().annotations.push({ type: "overflow at 768", description: `${path}: ${narrow} px` });
      }
    }
  }
  expect(problems).toEqual([]);
});
