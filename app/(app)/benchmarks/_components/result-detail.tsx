// One measured request in full: the answer's text, tool calls (when
// stored), each check's verdict and reason, and for llm-rubric the judge's
// prompt and answer, so a grade can be read and audited.
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatLatencyMs } from "@/lib/benchmarks/view/format-metric";
import { readCheckResults, readJudgePrompt } from "@/lib/benchmarks/view/read-check-results";
import { formatNumber } from "@/lib/format/format-number";
import { formatUsdExact } from "@/lib/format/format-usd";

export interface ResultForDetail {
  id: string;
  caseId: string;
  repeat: number;
  requestId: string | null;
  servedModel: string | null;
  httpStatus: number | null;
  errorClass: string | null;
  error: string | null;
  ttftMs: number | null;
  e2eMs: number | null;
  tpotMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: string | null;
  output: string | null;
  checks: unknown;
  passed: boolean | null;
  score: number | null;
  toolCalls?: unknown;
}

const MAX_SHOWN_CHARS = 100_000;

export function ResultDetail({ result, closeHref, sent }: { result: ResultForDetail; closeHref: string; sent?: Record<string, unknown> | null }) {
  const checks = readCheckResults(result.checks);
  const toolCalls = Array.isArray(result.toolCalls) && result.toolCalls.length > 0 ? result.toolCalls : null;
  return (
    <section id="result-detail" className="card mt-4 scroll-mt-4" aria-labelledby="result-detail-title" data-testid="result-detail">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="result-detail-title" className="mb-0">Case {result.caseId}, repeat {formatNumber(result.repeat + 1)}</h2>
        <a href={closeHref}>Close</a>
      </div>
      <dl className="m-0 mb-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <Item term="Result">{result.passed === null ? "not graded" : result.passed ? <Badge variant="ok">pass</Badge> : <Badge variant="danger">fail</Badge>}{result.score !== null ? ` · score ${formatNumber(result.score, { fractionDigits: 2 })}` : ""}</Item>
        <Item term="Served by">{result.servedModel ?? "–"}{result.httpStatus ? ` · HTTP ${result.httpStatus}` : ""}</Item>
        <Item term="TTFT · E2E">{formatLatencyMs(result.ttftMs)} · {formatLatencyMs(result.e2eMs)}</Item>
        <Item term="TPOT">{formatLatencyMs(result.tpotMs)}</Item>
        <Item term="Tokens in · out">{result.inputTokens === null ? "–" : formatNumber(result.inputTokens)} · {result.outputTokens === null ? "–" : formatNumber(result.outputTokens)}</Item>
        <Item term="Cost">{result.costUsd === null ? <span className="text-destructive">unpriced</span> : formatUsdExact(result.costUsd)}</Item>
        <Item term="Request id"><code className="break-all">{result.requestId ?? "–"}</code></Item>
        {result.errorClass && <Item term="Error"><Badge variant="danger">{result.errorClass}</Badge> {result.error}</Item>}
      </dl>
      {sent && (
        <details className="mb-3" data-testid="result-request">
          <summary className="cursor-pointer text-sm font-medium">Request sent (the case as the run copied it, vars filled in)</summary>
          <pre className="m-0 mt-2 max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md bg-subtle p-3 font-mono text-xs">{JSON.stringify(sent, null, 2).slice(0, MAX_SHOWN_CHARS)}</pre>
        </details>
      )}
      <h3>Output</h3>
      {result.output ? (
        <pre className="m-0 mb-3 max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md bg-subtle p-3 font-mono text-xs" data-testid="result-output">
          {result.output.length > MAX_SHOWN_CHARS ? `${result.output.slice(0, MAX_SHOWN_CHARS)}\n… (${formatNumber(result.output.length - MAX_SHOWN_CHARS)} more characters)` : result.output}
        </pre>
      ) : (
        <p className="text-muted-foreground">{result.errorClass ? "No answer (the request failed)." : "No text in the answer."}</p>
      )}
      {toolCalls && (
        <>
          <h3>Tool calls</h3>
          <pre className="m-0 mb-3 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-subtle p-3 font-mono text-xs" data-testid="result-tool-calls">{JSON.stringify(toolCalls, null, 2)}</pre>
        </>
      )}
      <h3>Checks</h3>
      {checks.length === 0 ? (
        <p className="text-muted-foreground">{result.passed === null ? "This case has no checks." : "No check ran (the request failed, which counts as not passed)."}</p>
      ) : (
        <Table data-testid="result-checks">
          <caption className="sr-only">Checks of case {result.caseId}</caption>
          <THead><Tr className="hover:bg-transparent"><Th>Check</Th><Th>Verdict</Th><Th numeric>Score</Th><Th numeric>Weight</Th><Th>Reason</Th></Tr></THead>
          <TBody>
            {checks.map((c, i) => (
              <Tr key={i}>
                <Td><code>{c.type}</code>{c.metric ? <span className="text-muted-foreground"> ({c.metric})</span> : null}</Td>
                <Td>{c.pass ? <Badge variant="ok">pass</Badge> : <Badge variant="danger">fail</Badge>}</Td>
                <Td numeric>{c.score === null ? "–" : formatNumber(c.score, { fractionDigits: 2 })}</Td>
                <Td numeric>{c.weight === null ? "–" : formatNumber(c.weight, { fractionDigits: Number.isInteger(c.weight) ? 0 : 2 })}</Td>
                <Td className="min-w-64">
                  <span className="break-words">{c.reason || "–"}</span>
                  {c.judge && <JudgeRecord judge={c.judge} />}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{term}</dt>
      <dd className="m-0 tabular-nums">{children}</dd>
    </div>
  );
}

function JudgeRecord({ judge }: { judge: NonNullable<ReturnType<typeof readCheckResults>[number]["judge"]> }) {
  const prompt = readJudgePrompt(judge.prompt);
  return (
    <details className="mt-1" data-testid="judge-record">
      <summary className="text-sm">Judge: {judge.model}{judge.costUsd ? ` · ${formatUsdExact(judge.costUsd)}` : ""}</summary>
      <div className="mt-1 grid gap-1 text-xs">
        <p className="m-0 font-semibold">Prompt</p>
        {typeof prompt === "string" ? (
          <pre className="m-0 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-subtle p-2 font-mono">{prompt}</pre>
        ) : (
          prompt.map((m, i) => <pre key={i} className="m-0 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-subtle p-2 font-mono"><strong>{m.role}:</strong> {m.content}</pre>)
        )}
        <p className="m-0 font-semibold">Answer</p>
        <pre className="m-0 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-subtle p-2 font-mono">{judge.output ?? "(the judge request failed)"}</pre>
        {judge.requestId && <p className="m-0 text-muted-foreground">Request id <code>{judge.requestId}</code></p>}
      </div>
    </details>
  );
}
