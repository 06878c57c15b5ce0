// Grades one answer against its case's checks, with promptfoo's rules:
// `not-` inverts a check (pass flips, score becomes 1 - score); without a
// case threshold every check must pass, with one the weighted mean score
// must reach it. Checks with weight 0 are informative: reported, but they
// neither gate the case nor count in its score. Errors in a check (bad
// configuration, missing measurements) fail it and are never inverted.
import type { SuiteCase } from "../suite-schema";
import type { CaseAnswer, CaseEvaluation, CheckResult, CheckVerdict, EvaluateDeps, JudgeRecord } from "./check-types";
import { checkError } from "./check-types";
import { checkContainsJson, checkIsJson } from "./json-checks";
import { evaluateLlmRubric } from "./llm-rubric";
import { checkCost, checkLatency } from "./measure-checks";
import { renderCheckValue } from "./render-template";
import { checkContains, checkContainsAll, checkContainsAny, checkEquals, checkLevenshtein, checkRegex, checkStartsWith } from "./text-checks";
import { MAX_TOOL_CALLS, checkToolsCall } from "./tools-call-check";

/** Checks read at most this much of an answer (JSON parsing, regexes and distances stay bounded). */
export const MAX_CHECKED_OUTPUT_CHARS = 200_000;
const SCORE_EPSILON = 1e-9;

function cut(text: string): { text: string; truncated: boolean } {
  if (text.length <= MAX_CHECKED_OUTPUT_CHARS) return { text, truncated: false };
  let end = MAX_CHECKED_OUTPUT_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // do not split a surrogate pair
  return { text: text.slice(0, end), truncated: true };
}

/** The text string checks read: the content, or (as promptfoo's OpenAI provider) the tool calls as JSON when the model called tools. */
function checkedText(answer: CaseAnswer): { text: string; truncated: boolean } {
  const output = typeof answer.output === "string" ? answer.output : "";
  const calls = Array.isArray(answer.toolCalls) ? answer.toolCalls.slice(0, MAX_TOOL_CALLS) : [];
  if (calls.length === 0) return cut(output);
  let json: string;
  try {
    json = JSON.stringify(output === "" ? calls : { content: output, tool_calls: calls });
  } catch {
    json = output;
  }
  return cut(json);
}

async function runBaseCheck(base: string, check: SuiteCase["checks"][number], value: unknown, testCase: SuiteCase, text: string, answer: CaseAnswer, deps: EvaluateDeps): Promise<{ verdict: CheckVerdict; judge?: JudgeRecord }> {
  switch (base) {
    case "equals":
      return { verdict: checkEquals(text, value) };
    case "contains":
      return { verdict: checkContains(text, value, false) };
    case "icontains":
      return { verdict: checkContains(text, value, true) };
    case "contains-any":
      return { verdict: checkContainsAny(text, value) };
    case "contains-all":
      return { verdict: checkContainsAll(text, value) };
    case "regex":
      return { verdict: checkRegex(text, value) };
    case "starts-with":
      return { verdict: checkStartsWith(text, value) };
    case "is-json":
      return { verdict: checkIsJson(text, value) };
    case "contains-json":
      return { verdict: checkContainsJson(text, value) };
    case "is-valid-openai-tools-call":
      return { verdict: checkToolsCall(answer.toolCalls, testCase.tools) };
    case "levenshtein":
      return { verdict: checkLevenshtein(text, value, check.threshold) };
    case "latency":
      return { verdict: checkLatency(answer.e2eMs, check.threshold) };
    case "cost":
      return { verdict: checkCost(answer.costUsd, check.threshold) };
    case "llm-rubric":
      return evaluateLlmRubric({ rubric: value, output: text, threshold: check.threshold, model: check.provider ?? deps.judgeModel, judge: deps.judge });
    default:
      return { verdict: checkError(`unsupported check type "${check.type}"`) };
  }
}

async function evaluateCheck(check: SuiteCase["checks"][number], testCase: SuiteCase, text: string, answer: CaseAnswer, deps: EvaluateDeps): Promise<CheckResult> {
  const negated = check.type.startsWith("not-");
  const base = negated ? check.type.slice(4) : check.type;
  let outcome: { verdict: CheckVerdict; judge?: JudgeRecord };
  try {
    outcome = await runBaseCheck(base, check, renderCheckValue(check.value, testCase.vars ?? {}), testCase, text, answer, deps);
  } catch (e) {
    // A bug in one check must not lose the whole case's results.
    outcome = { verdict: checkError(`the check could not be evaluated: ${e instanceof Error ? e.message : String(e)}`) };
  }
  const { verdict } = outcome;
  const baseScore = Math.min(1, Math.max(0, Number.isFinite(verdict.score) ? verdict.score : 0));
  const pass = verdict.error ? false : negated ? !verdict.pass : verdict.pass;
  const score = verdict.error ? 0 : negated ? 1 - baseScore : baseScore;
  const result: CheckResult = { type: check.type, pass, score, weight: check.weight, reason: verdict.reason };
  if (check.metric !== undefined) result.metric = check.metric;
  if (outcome.judge) result.judge = outcome.judge;
  return result;
}

/** Grades one answer. Checks run in order (llm-rubric judges are called one at a time); it never throws for bad checks or answers. */
export async function evaluateCase(testCase: SuiteCase, answer: CaseAnswer, deps: EvaluateDeps = {}): Promise<CaseEvaluation> {
  const { text, truncated } = checkedText(answer);
  const checks: CheckResult[] = [];
  for (const check of testCase.checks ?? []) checks.push(await evaluateCheck(check, testCase, text, answer, deps));

  const gating = checks.filter((c) => c.weight > 0);
  const totalWeight = gating.reduce((sum, c) => sum + c.weight, 0);
  const score = totalWeight > 0 ? gating.reduce((sum, c) => sum + c.score * c.weight, 0) / totalWeight : 1;
  const passed = testCase.threshold === undefined ? gating.every((c) => c.pass) : score + SCORE_EPSILON >= testCase.threshold;
  return { passed, score, checks, outputTruncated: truncated };
}
