// Checks one BenchmarkResult row before it is summarised. Rows come from our
// own runner, but a summary must never store NaN or die on a bad row without
// saying which row and field: each is checked and named.
import { decimalToNano, usdToNano } from "@/lib/money/nano-usd";

type DecimalLike = { toFixed(dp?: number): string };

/** The BenchmarkResult fields a summary reads (Prisma Decimals may be passed as they are). */
export interface ResultForSummary {
  caseId: string;
  errorClass: string | null;
  ttftMs: number | null;
  e2eMs: number | null;
  tpotMs: number | null;
  itlMs: readonly number[];
  outputTokensPerSec: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: string | DecimalLike | null;
  /** Null when the case has no checks (not graded). The runner grades an errored request of a graded case as not passed. */
  passed: boolean | null;
  score: number | string | DecimalLike | null;
}

export type CheckedResult = Omit<ResultForSummary, "costUsd" | "score"> & { costNano: bigint | null; score: number | null };

export function checkResult(r: ResultForSummary, i: number): CheckedResult {
  const fail = (field: string, why: string): never => {
    throw new RangeError(`results[${i}].${field} ${why}`);
  };
  if (typeof r.caseId !== "string" || r.caseId.length === 0 || r.caseId.length > 200) fail("caseId", "must be a non-empty string of at most 200 characters");
  if (r.errorClass !== null && (typeof r.errorClass !== "string" || r.errorClass.length === 0 || r.errorClass.length > 100)) fail("errorClass", "must be null or a short string");
  for (const field of ["ttftMs", "e2eMs", "tpotMs", "outputTokensPerSec"] as const) {
    const v = r[field];
    if (v !== null && !(typeof v === "number" && Number.isFinite(v) && v >= 0)) fail(field, `must be null or a non-negative number, got ${v}`);
  }
  for (const field of ["inputTokens", "outputTokens"] as const) {
    const v = r[field];
    if (v !== null && !(Number.isSafeInteger(v) && v >= 0)) fail(field, `must be null or a non-negative integer, got ${v}`);
  }
  if (!Array.isArray(r.itlMs)) fail("itlMs", "must be an array");
  r.itlMs.forEach((gap, j) => {
    if (!(typeof gap === "number" && Number.isFinite(gap) && gap >= 0)) fail(`itlMs[${j}]`, `must be a non-negative number, got ${gap}`);
  });
  if (r.passed !== null && typeof r.passed !== "boolean") fail("passed", "must be null or a boolean");
  let costNano: bigint | null = null;
  if (r.costUsd !== null) {
    try {
      costNano = typeof r.costUsd === "string" ? usdToNano(r.costUsd) : decimalToNano(r.costUsd);
    } catch (e) {
      fail("costUsd", `is not a USD amount: ${(e as Error).message}`);
    }
    if (costNano! < 0n) fail("costUsd", "must not be negative");
  }
  let score: number | null = null;
  if (r.score !== null) {
    const text = typeof r.score === "number" ? null : typeof r.score === "string" ? r.score : r.score.toFixed(9);
    if (text !== null && !/^-?\d{1,20}(\.\d{1,20})?$/.test(text)) fail("score", `must be a number, got "${text.slice(0, 40)}"`);
    score = text === null ? (r.score as number) : Number(text);
    if (!Number.isFinite(score)) fail("score", `must be a finite number, got ${score}`);
  }
  return { ...r, costNano, score };
}
