// The shapes check evaluation speaks: the answer it grades, the judge it may
// call for llm-rubric, and the result stored with each benchmark result row.

/** What the model answered, as the runner measured it. */
export interface CaseAnswer {
  /** The assistant message's text content ("" when it only called tools). */
  output: string;
  /** The assistant message's tool_calls, in OpenAI's shape, when there were any. */
  toolCalls?: unknown[];
  /** End-to-end latency in ms (request sent to last byte), when measured. */
  e2eMs?: number | null;
  /** The request's metered cost in USD as a decimal string; null when the served model is unpriced. */
  costUsd?: string | null;
}

export interface JudgeMessage {
  role: "system" | "user";
  content: string;
}

export interface JudgeRequest {
  model: string;
  messages: JudgeMessage[];
}

export interface JudgeReply {
  output: string;
  requestId?: string | null;
  costUsd?: string | null;
}

/** Calls the judge model (through Tollgate's proxy, so it is metered and priced like any request). */
export type JudgeFn = (request: JudgeRequest) => Promise<JudgeReply>;

export interface EvaluateDeps {
  judge?: JudgeFn;
  /** The suite's judge model, used by llm-rubric checks that name no provider of their own. */
  judgeModel?: string | null;
}

/** What was asked of the judge and what it said, stored with the check so a grade can be audited. */
export interface JudgeRecord {
  model: string;
  /** The judge messages as JSON text. */
  prompt: string;
  /** The judge's raw answer (null when the judge request itself failed). */
  output: string | null;
  requestId: string | null;
  costUsd: string | null;
}

export interface CheckResult {
  type: string;
  pass: boolean;
  /** 0..1 */
  score: number;
  weight: number;
  reason: string;
  metric?: string;
  judge?: JudgeRecord;
}

export interface CaseEvaluation {
  passed: boolean;
  /** Weighted mean of the scores of checks with weight > 0 (1 when there are none). */
  score: number;
  checks: CheckResult[];
  /** True when the output was longer than the checks read and was cut (see MAX_CHECKED_OUTPUT_CHARS). */
  outputTruncated: boolean;
}

/** What one base check concludes. An error (bad check config, missing data) fails and is never inverted by `not-`. */
export type CheckVerdict = { pass: boolean; score: number; reason: string; error?: false } | { pass: false; score: 0; reason: string; error: true };

export function verdict(pass: boolean, reason: string): CheckVerdict {
  return { pass, score: pass ? 1 : 0, reason };
}

export function checkError(reason: string): CheckVerdict {
  return { pass: false, score: 0, reason, error: true };
}

/** A string for a reason message: quoted, cut to a readable length. */
export function quoteForReason(text: string, max = 120): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}
