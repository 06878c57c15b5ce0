// Writes a suite as a promptfoo config that imports back to an equal
// definition. Each distinct request template (messages plus tools and other
// request options) becomes one prompt; each case becomes one test, limited
// to its prompt with the test-level `prompts` filter when there are several,
// and carrying metadata.caseId when its id is not the one import would give.
// Targets are left out (promptfoo takes them from --providers or a
// providers list you add); the judge model goes to defaultTest.options.provider.
import { Document } from "yaml";
import type { SuiteCase, SuiteDefinition } from "../suite-schema";
import { caseIdFor } from "./case-ids";
import { promptTextFromMessages } from "./prompt-messages";
import { REQUEST_FIELDS } from "./read-prompts";

export interface ExportableSuite {
  name: string;
  description?: string | null;
  definition: SuiteDefinition;
  judgeModel?: string | null;
}

function requestOf(testCase: SuiteCase): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const field of REQUEST_FIELDS) if (testCase[field] !== undefined) request[field] = testCase[field];
  return request;
}

function assertionOf(check: SuiteCase["checks"][number]): Record<string, unknown> {
  const assertion: Record<string, unknown> = { type: check.type };
  if (check.value !== undefined) assertion.value = check.value;
  if (check.threshold !== undefined) assertion.threshold = check.threshold;
  if (check.weight !== 1) assertion.weight = check.weight;
  if (check.provider !== undefined) assertion.provider = check.provider;
  if (check.metric !== undefined) assertion.metric = check.metric;
  return assertion;
}

export function toPromptfooYaml(suite: ExportableSuite): string {
  const { cases } = suite.definition;
  const templates: { key: string; messages: SuiteCase["messages"]; request: Record<string, unknown> }[] = [];
  const templateOf = cases.map((testCase) => {
    const request = requestOf(testCase);
    const key = JSON.stringify([testCase.messages, request]);
    let index = templates.findIndex((t) => t.key === key);
    if (index < 0) index = templates.push({ key, messages: testCase.messages, request }) - 1;
    return index;
  });
  const several = templates.length > 1;
  const label = (i: number) => `p${i + 1}`;

  const prompts = templates.map((t, i) => {
    const raw = promptTextFromMessages(t.messages);
    if (!several && Object.keys(t.request).length === 0) return raw;
    return { label: label(i), raw, ...(Object.keys(t.request).length > 0 && { config: t.request }) };
  });

  const tests = cases.map((testCase, i) => {
    const promptIndex = templateOf[i]!;
    const defaultId = caseIdFor({ testIndex: i, testCount: cases.length, promptIndex, promptCount: templates.length, promptsForTest: several ? 1 : templates.length });
    const test: Record<string, unknown> = {};
    if (testCase.description !== undefined) test.description = testCase.description;
    if (Object.keys(testCase.vars).length > 0) test.vars = testCase.vars;
    if (several) test.prompts = [label(promptIndex)];
    test.assert = testCase.checks.map(assertionOf);
    if (testCase.threshold !== undefined) test.threshold = testCase.threshold;
    // With one prompt per test, import uses caseId as the id itself.
    if (testCase.id !== defaultId) test.metadata = { caseId: testCase.id };
    return test;
  });

  const config: Record<string, unknown> = { description: suite.description?.trim() || suite.name, prompts };
  if (suite.judgeModel) config.defaultTest = { options: { provider: suite.judgeModel } };
  config.tests = tests;

  const doc = new Document(config);
  doc.commentBefore = [
    ` Tollgate benchmark suite "${suite.name.replace(/[\r\n]+/g, " ")}", exported as a promptfoo config.`,
    " Targets are chosen in Tollgate; to run it with promptfoo, add a providers list or pass --providers.",
  ].join("\n");
  return doc.toString({ lineWidth: 0 });
}
