// Benchmarks as an engineer uses them: import a promptfoo YAML suite through
// the dialog (a refused one names its line and saves nothing), run it
// against the demo's real local model and a cloud-priced model on the fake
// upstream, watch the progress, read the run and its per-case results (an
// llm-rubric check graded by the cloud model as judge, through the proxy, its
// calls and cost shown apart), and compare the two models (side by side,
// quality versus cost). Screenshots under test-results/e2e/.
import { expect, test, type Page } from "@playwright/test";
import { startFakeUpstream, type FakeUpstream } from "../support/fake-upstream";
import { addMember, signIn, signOut } from "./helpers";

const CLOUD_MODEL = "e2e-bench-cloud";
const LOCAL_MODEL = "local-tiny";
const SUITE = "E2E capitals";
const SHOTS = "test-results/e2e";

// Three cases; the fake answers two right (Paris, Tokyo) and one wrong (Milan for Italy). The
// France case is graded by a judge too: the cloud model, named as promptfoo names a grader.
const GOOD_YAML = `description: ${SUITE}
prompts:
  - "What is the capital of {{country}}? Answer with the city only."
defaultTest:
  options:
    provider: ${CLOUD_MODEL}
tests:
  - vars: { country: France }
    assert:
      - type: icontains
        value: paris
      - type: llm-rubric
        value: Names Paris as the capital
  - vars: { country: Japan }
    assert:
      - type: contains
        value: Tokyo
  - vars: { country: Italy }
    assert:
      - type: icontains
        value: rome
`;

// Line 11 is the `- type: javascript` item.
const BAD_YAML = `description: E2E refused suite
prompts:
  - "Answer: {{q}}"
tests:
  - vars: { q: "2+2" }
    assert:
      - type: contains
        value: "4"
  - vars: { q: "3+3" }
    assert:
      - type: javascript
        value: "output.length > 0"
`;

const ANSWERS: Record<string, string> = { France: "Paris.", Japan: "Tokyo", Italy: "Milan" };

function answerFor(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
  // A judge request (lib/benchmarks/checks/llm-rubric.ts): pass when the graded output names Paris.
  if (String(messages[0]?.content ?? "").startsWith("You are a strict grader")) {
    const graded = /<Output>([\s\S]*)<\/Output>/.exec(String(messages[1]?.content ?? ""))?.[1] ?? "";
    return graded.includes("Paris") ? '{"reason": "It names Paris.", "pass": true, "score": 1}' : '{"reason": "It does not name Paris.", "pass": false, "score": 0}';
  }
  const text = JSON.stringify(body.messages ?? "");
  const country = Object.keys(ANSWERS).find((c) => text.includes(c));
  return country ? ANSWERS[country]! : "I do not know";
}

let upstream: FakeUpstream;
test.beforeAll(async () => {
  upstream = await startFakeUpstream({ ttftMs: 40, tokensPerSecond: 200, content: answerFor });
});
test.afterAll(async () => upstream.close());

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/benchmarks-${name}.png`, fullPage: true });
}

test("an engineer imports a promptfoo suite, runs it on a local and a cloud model, reads the results and compares quality against cost", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page);
  // The owner sets the stage through the management API: a cloud provider on the fake upstream and a model priced per token.
  const provider = await page.request.post("/api/manage/v1/providers", { data: { name: "e2e-bench-fake", vendor: "openai", kind: "cloud", baseUrl: upstream.url, credential: "sk-bench" } });
  expect(provider.status()).toBe(201);
  const model = await page.request.post("/api/manage/v1/models", {
    data: { alias: CLOUD_MODEL, deployments: [{ providerId: (await provider.json()).data.id, upstreamModel: "bench-upstream" }], price: { effectiveFrom: "2026-01-01T00:00:00Z", input: "1", output: "2" } },
  });
  expect(model.status()).toBe(201);
  const engineer = await addMember(page, "engineer");
  await signOut(page);

  await signIn(page, engineer);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Benchmarks" }).click();
  await expect(page.getByRole("heading", { name: "Benchmarks", level: 1 })).toBeVisible();

  // A refused import: the javascript assertion is named with its line, and nothing is saved.
  await page.getByRole("button", { name: "Import promptfoo YAML" }).first().click();
  const importDialog = page.getByRole("dialog", { name: "Import promptfoo YAML" });
  const yamlField = importDialog.getByRole("textbox", { name: "promptfoo config (YAML)" });
  await yamlField.fill(BAD_YAML);
  await importDialog.getByRole("button", { name: "Import suite" }).click();
  const issues = importDialog.getByTestId("yaml-issues");
  await expect(issues).toContainText("Line 11");
  await expect(issues).toContainText('"javascript" is not supported');
  await expect(yamlField).toHaveAttribute("aria-invalid", "true");
  await shot(page, "import-refused");
  const suites = (await (await page.request.get("/api/manage/v1/benchmarks/suites")).json()).data as { name: string }[];
  expect(suites.map((s) => s.name)).not.toContain("E2E refused suite");

  // The good suite imports and opens its page with its cases.
  await yamlField.fill(GOOD_YAML);
  await importDialog.getByRole("button", { name: "Import suite" }).click();
  await expect(page.getByRole("heading", { name: SUITE, level: 1 })).toBeVisible();
  const cases = page.getByTestId("cases-table");
  await expect(cases.locator("tbody tr")).toHaveCount(3);
  await expect(cases).toContainText("What is the capital of France?");
  await expect(cases).toContainText("icontains: paris");
  await expect(cases).toContainText("llm-rubric");

  // Run it against both models.
  await page.getByRole("button", { name: `Run: ${SUITE}` }).click();
  const runDialog = page.getByRole("dialog", { name: `Run ${SUITE}` });
  await runDialog.getByRole("checkbox", { name: LOCAL_MODEL }).check();
  await runDialog.getByRole("checkbox", { name: CLOUD_MODEL }).check();
  await runDialog.getByLabel("Max output tokens per request").fill("24");
  await expect(runDialog.getByTestId("run-size")).toHaveText("2 models × 3 cases × 1 repeat = 6 requests");
  await runDialog.getByRole("button", { name: "Start run" }).click();
  await expect(page.getByText(`Started 2 runs of ${SUITE}`)).toBeVisible();

  // The run history refreshes itself until both are done.
  const history = page.getByTestId("suite-runs-table");
  await expect(history.locator("tbody tr")).toHaveCount(2);
  await expect(history.getByTestId("run-progress").first()).toHaveText(/(Queued · 0|\d) of 3/);
  await shot(page, "suite-running");
  for (const name of [LOCAL_MODEL, CLOUD_MODEL]) {
    await expect(history.getByRole("row", { name: new RegExp(name) }).getByTestId("run-status")).toHaveText("succeeded", { timeout: 180_000 });
  }
  await expect(page.getByTestId("suite-runs-table-wrapper")).toHaveAttribute("data-active", "false");
  await expect(history.getByRole("row", { name: new RegExp(CLOUD_MODEL) }).getByTestId("run-progress")).toHaveText(/^3 of 3 · took /);
  await shot(page, "suite-done");

  // The cloud model's run: two of three right, per-case results and a case's checks.
  await history.getByRole("link", { name: CLOUD_MODEL }).click();
  await expect(page.getByRole("heading", { name: `${SUITE} on ${CLOUD_MODEL}` })).toBeVisible();
  await expect(page.getByTestId("kpi-pass-rate")).toContainText("66.7%");
  await expect(page.getByTestId("kpi-pass-rate")).toContainText("2 of 3 passed");
  await expect(page.getByTestId("kpi-cost")).toContainText("per 1,000 cases $");
  await expect(page.getByTestId("kpi-cost")).toContainText("total includes the judge");
  // The one judge call (the France case's llm-rubric), metered through the proxy: its cost apart from the model's.
  await expect(page.getByTestId("kpi-judge")).toContainText(/judge calls: 1, (\$|<\$)/);
  await expect(page.getByTestId("kpi-error-rate")).toContainText("0.0%");
  await expect(page.getByTestId("ttft-histogram")).toBeVisible();
  await expect(page.getByTestId("itl-histogram")).toBeVisible();
  await page.getByTestId("metric-definitions").locator("summary").click();
  await expect(page.getByTestId("metric-definitions")).toContainText("TPOT (time per output token, excluding the first)");
  const results = page.getByTestId("results-table");
  await expect(results.locator("tbody tr")).toHaveCount(3);
  await expect(results.getByRole("row").filter({ hasText: "fail" })).toHaveCount(1);
  await shot(page, "run-cloud");
  const failedRow = results.getByRole("row").filter({ hasText: "fail" });
  await failedRow.getByRole("link").click();
  const detail = page.getByTestId("result-detail");
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId("result-output")).toHaveText("Milan");
  // The request as the run sent it: the case's template with its vars filled in.
  await detail.getByTestId("result-request").locator("summary").click();
  await expect(detail.getByTestId("result-request")).toContainText("Italy");
  await expect(detail.getByTestId("result-request")).not.toContainText("{{");
  await expect(detail.getByTestId("result-checks")).toContainText("icontains");
  await expect(detail.getByTestId("result-checks")).toContainText('does not contain "rome"');
  await shot(page, "run-cloud-case");
  // The France case's llm-rubric verdict, with what the judge was asked and what it answered.
  await results.getByRole("row").filter({ hasText: "t01" }).getByRole("link").click();
  const judged = page.getByTestId("result-detail");
  await expect(judged.getByTestId("result-checks")).toContainText("It names Paris.");
  const judgeRecord = judged.getByTestId("judge-record");
  await expect(judgeRecord.locator("summary")).toContainText(`Judge: ${CLOUD_MODEL} · $`);
  await judgeRecord.locator("summary").click();
  await expect(judgeRecord).toContainText("<Rubric>\nNames Paris as the capital\n</Rubric>");
  await expect(judgeRecord).toContainText('{"reason": "It names Paris.", "pass": true, "score": 1}');
  await shot(page, "run-cloud-judge");

  // The local model's run says its answers are gibberish; its timing is real.
  await page.getByRole("link", { name: "Suite", exact: true }).click();
  await page.getByTestId("suite-runs-table").getByRole("link", { name: LOCAL_MODEL }).click();
  await expect(page.getByRole("heading", { name: `${SUITE} on ${LOCAL_MODEL}` })).toBeVisible();
  await expect(page.getByTestId("demo-model-note")).toContainText("gibberish");
  await expect(page.getByTestId("kpi-hardware-price")).toContainText("/ 1M out");
  await shot(page, "run-local");

  // Compare the batch: side by side, and each model a point of quality against cost.
  await page.getByRole("link", { name: "Compare this batch" }).click();
  await expect(page.getByRole("heading", { name: "Compare runs and models" })).toBeVisible();
  const table = page.getByTestId("compare-table");
  await expect(table.getByRole("columnheader", { name: new RegExp(CLOUD_MODEL) })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: new RegExp(LOCAL_MODEL) })).toBeVisible();
  // The cloud model answers right more often: its pass rate is the row's best.
  await expect(table.getByRole("row", { name: /^Pass rate \(higher/ }).locator("[data-best=true]")).toHaveText(/66\.7%/);
  const chart = page.getByTestId("quality-cost-chart");
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("data-points", "2");
  // One point per model.
  await expect(chart.locator(".recharts-scatter-symbol")).toHaveCount(2);
  await expect(page.getByTestId("pareto-frontier")).toContainText(CLOUD_MODEL);
  await expect(page.getByTestId("trend-charts")).toBeVisible();
  await shot(page, "compare");
});

test("an engineer schedules a suite, then edits the schedule's cron and alert threshold", async ({ page }) => {
  await signIn(page);
  const engineer = await addMember(page, "engineer");
  await signOut(page);
  await signIn(page, engineer);
  const suites = (await (await page.request.get("/api/manage/v1/benchmarks/suites")).json()).data as { id: string; name: string }[];
  const suite = suites.find((s) => s.name === "Classification")!;
  await page.goto(`/benchmarks/suites/${suite.id}`);

  await page.getByRole("button", { name: "New schedule" }).click();
  const create = page.getByRole("dialog", { name: "Schedule Classification" });
  await create.getByLabel("Cron").fill("15 4 * * 1");
  await expect(create.getByText(/^Next: /)).toBeVisible();
  await create.getByRole("checkbox", { name: LOCAL_MODEL }).check();
  await create.getByRole("button", { name: "Create schedule" }).click();
  const schedules = page.getByTestId("schedules-table");
  await expect(schedules.locator("tbody tr")).toHaveCount(1);
  await expect(schedules).toContainText("15 4 * * 1");

  await schedules.getByRole("button", { name: "Edit the schedule 15 4 * * 1 (UTC)" }).click();
  const edit = page.getByRole("dialog", { name: "Edit schedule of Classification" });
  await expect(edit.getByRole("checkbox", { name: LOCAL_MODEL })).toBeChecked();
  await edit.getByLabel("Cron").fill("30 5 * * *");
  await edit.getByLabel("Pass rate drop (points)").fill("12");
  await edit.getByRole("button", { name: "Save schedule" }).click();
  await expect(schedules).toContainText("30 5 * * *");
  await expect(schedules).toContainText("pass rate −12 points");
  await expect(schedules.locator("tbody tr")).toHaveCount(1);
  const saved = (await (await page.request.get("/api/manage/v1/benchmarks/schedules")).json()).data as { cron: string; suiteId: string; modelAliases: string[] }[];
  expect(saved.filter((s) => s.suiteId === suite.id)).toEqual([expect.objectContaining({ cron: "30 5 * * *", modelAliases: [LOCAL_MODEL] })]);
});
