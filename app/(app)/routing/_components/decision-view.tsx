// The answer of "Test a request": the rule that decided, the candidates in
// the order they would be tried (and what each is for), what was skipped and
// why, the rule's cache, cascade and local-first settings as they apply, the
// request as routing read it, and what each shadow policy would have done.
import { Badge } from "@/components/ui/badge";
import { formatNumber } from "@/lib/format/format-number";
import type { ComplexityAssessment } from "@/lib/routing/classify-complexity";
import type { RouteDecision } from "@/lib/routing/route-types";
import { candidateRoles, decidedBy, skipReasonText } from "@/lib/routing/view/describe-decision";

export interface TestResult {
  request: {
    projectId: string; apiKeyId: string | null; model: string; endpoint: string; estimatedInputTokens: number; requestedOutputTokens: number | null;
    needs: { tools: boolean; images: boolean; jsonMode: boolean }; stream: boolean; complexity: ComplexityAssessment;
  };
  decision: RouteDecision;
  shadow: RouteDecision[];
  problems: { policyId: string; message: string }[];
}

const yesNo = (b: boolean) => (b ? "yes" : "no");

function Candidates({ d }: { d: RouteDecision }) {
  if (d.candidates.length === 0) return <p role="alert" className="m-0 text-sm text-destructive">Nothing can serve this request: every target was skipped (below). The proxy would refuse it.</p>;
  return (
    <ol className="m-0 grid gap-1 pl-5" data-testid="test-candidates">
      {candidateRoles(d).map((c, i) => (
        <li key={`${c.model}-${i}`}><code className="font-semibold">{c.model}</code> <span className="text-muted-foreground">{c.role}</span></li>
      ))}
    </ol>
  );
}

function Settings({ d }: { d: RouteDecision }) {
  const lines: string[] = [];
  if (d.sticky) lines.push(`Split bucket ${d.sticky.bucket} of 100, hashed from the ${d.sticky.by === "session" ? "session header" : d.sticky.by === "user" ? "body's user" : "request id (not sticky)"}`);
  if (d.cache) lines.push(`Answers cached for ${formatNumber(d.cache.ttlSec)} s${d.cache.shareAcrossProjects ? ", shared across the org's projects" : ""}`);
  if (d.cascade) lines.push(`Escalates when the answer: ${d.cascade.escalateOn.map((e) => (typeof e === "string" ? e : `fails ${e.check.type}`)).join(", ")}`);
  if (d.localFirst) lines.push(`Local first on ${d.localFirst.local} (capacity ${formatNumber(d.localFirst.maxConcurrent)}${d.localFirst.ttftObjectiveMs ? `, TTFT objective ${formatNumber(d.localFirst.ttftObjectiveMs)} ms` : ""}), bursting to ${d.localFirst.cloud}: ${d.localFirst.bursting ? "bursting now" : "not bursting"}`);
  if (lines.length === 0) return null;
  return <ul className="m-0 grid gap-0.5 pl-5 text-sm">{lines.map((l) => <li key={l}>{l}</li>)}</ul>;
}

export function DecisionView({ result }: { result: TestResult }) {
  const { decision: d, request: r } = result;
  return (
    <div className="grid gap-3 rounded-md border border-border p-3" data-testid="test-decision">
      <div>
        <p className="m-0 text-xs font-semibold uppercase tracking-wide text-muted-foreground">Decided by</p>
        <p className="m-0 font-medium" data-testid="test-rule">{decidedBy(d)}</p>
      </div>
      <div>
        <p className="m-0 mb-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground">Tried in this order</p>
        <Candidates d={d} />
      </div>
      {d.skipped.length > 0 && (
        <div>
          <p className="m-0 mb-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground">Skipped before trying</p>
          <ul className="m-0 grid gap-0.5 pl-5 text-sm" data-testid="test-skipped">
            {d.skipped.map((s, i) => <li key={`${s.model}-${i}`}><code>{s.model}</code>: {skipReasonText(s.reason)}</li>)}
          </ul>
        </div>
      )}
      <Settings d={d} />
      <p className="m-0 text-xs text-muted-foreground tabular-nums">
        As routing read it: {r.model || "no model"} on {r.endpoint}, {formatNumber(r.estimatedInputTokens)} input tokens{r.requestedOutputTokens ? `, up to ${formatNumber(r.requestedOutputTokens)} output` : ""};
        tools {yesNo(r.needs.tools)}, images {yesNo(r.needs.images)}, JSON {yesNo(r.needs.jsonMode)}, stream {yesNo(r.stream)}; complexity {r.complexity.band} ({r.complexity.score} points).
      </p>
      {result.shadow.length > 0 && (
        <div>
          <p className="m-0 mb-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground">Shadow policies (recorded, not applied)</p>
          <ul className="m-0 grid gap-0.5 pl-5 text-sm" data-testid="test-shadow">
            {result.shadow.map((s, i) => (
              <li key={`${s.policyId}-${i}`}><Badge variant="warn">shadow</Badge> {decidedBy(s)}: would send to <code>{s.candidates[0] ?? "nothing"}</code></li>
            ))}
          </ul>
        </div>
      )}
      {result.problems.length > 0 && (
        <ul role="alert" className="m-0 grid gap-0.5 rounded-md bg-warn-bg px-3 py-2 text-sm text-warn-text">
          {result.problems.map((p, i) => <li key={i}>A policy is left out of routing: {p.message}</li>)}
        </ul>
      )}
    </div>
  );
}
