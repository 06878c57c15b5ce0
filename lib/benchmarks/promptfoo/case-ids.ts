// Case ids for imported suites, stable and readable: t01, t02, ... (one per
// test), p1-t01, p2-t01, ... when the config has several prompts. A test may
// carry its own id in `metadata.caseId` (export writes it when a case's id
// is not the one this rule would give). Import and export share this rule,
// so an exported suite imports back with the same ids.

export interface CaseIdInput {
  /** 0-based index of the test in `tests`. */
  testIndex: number;
  testCount: number;
  /** 0-based index of the prompt in `prompts`. */
  promptIndex: number;
  promptCount: number;
  /** How many prompts this test runs against (after its `prompts` filter). */
  promptsForTest: number;
  /** The test's metadata.caseId, when set. */
  caseId?: string;
}

export function caseIdFor({ testIndex, testCount, promptIndex, promptCount, promptsForTest, caseId }: CaseIdInput): string {
  const prompt = `p${promptIndex + 1}`;
  if (caseId !== undefined) return promptsForTest > 1 ? `${prompt}-${caseId}` : caseId;
  const test = `t${String(testIndex + 1).padStart(Math.max(2, String(testCount).length), "0")}`;
  return promptCount > 1 ? `${prompt}-${test}` : test;
}
