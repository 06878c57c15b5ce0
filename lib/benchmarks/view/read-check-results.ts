// A result row's checks (BenchmarkResult.checks JSON:
// [{ type, pass, score, weight, reason, metric?, judge?: { model, prompt,
// output, requestId, costUsd } }]) read defensively for display.
export interface CheckResultView {
  type: string;
  pass: boolean;
  score: number | null;
  weight: number | null;
  reason: string;
  metric: string | null;
  judge: { model: string; prompt: string; output: string | null; requestId: string | null; costUsd: string | null } | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function readCheckResults(checks: unknown): CheckResultView[] {
  if (!Array.isArray(checks)) return [];
  return checks.slice(0, 200).map((raw) => {
    const c = obj(raw);
    const j = c.judge ? obj(c.judge) : null;
    return {
      type: str(c.type) ?? "unknown",
      pass: c.pass === true,
      score: num(c.score),
      weight: num(c.weight),
      reason: str(c.reason) ?? "",
      metric: str(c.metric),
      judge: j && { model: str(j.model) ?? "unknown", prompt: str(j.prompt) ?? "", output: str(j.output), requestId: str(j.requestId), costUsd: str(j.costUsd) },
    };
  });
}

/** The judge's messages (stored as JSON text) as role and content, or the raw text when it is not that JSON. */
export function readJudgePrompt(prompt: string): { role: string; content: string }[] | string {
  try {
    const parsed: unknown = JSON.parse(prompt);
    if (Array.isArray(parsed) && parsed.every((m) => typeof obj(m).role === "string" && typeof obj(m).content === "string")) {
      return parsed.map((m) => ({ role: String(obj(m).role), content: String(obj(m).content) }));
    }
  } catch {
    // not JSON: shown as stored
  }
  return prompt;
}
