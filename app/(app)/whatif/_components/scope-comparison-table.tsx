// A SCOPE comparison (lib/whatif/scope-comparison.ts) as a table: one row per
// model, a column per letter. What no benchmark measured reads "unmeasured";
// what the catalog does not store reads "unknown" — never a guess.
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatMs, formatNumber } from "@/lib/format/format-number";
import type { ScopeRow } from "@/lib/whatif/scope-comparison";

const FIT_TEXT = { fits: "fits", "may-not-fit": "may not fit", "does-not-fit": "does not fit", unknown: "unknown" } as const;
const Muted = ({ children }: { children: React.ReactNode }) => <span className="text-muted-foreground italic">{children}</span>;

export function ScopeComparisonTable({ rows, suiteNames, caption, testId }: { rows: readonly ScopeRow[]; suiteNames: ReadonlyMap<string, string>; caption: string; testId?: string }) {
  return (
    <div className="overflow-x-auto">
      <Table data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <THead>
          <Tr>
            <Th>Model</Th>
            <Th>Size (context)</Th>
            <Th>Cost (USD / 1M in · out)</Th>
            <Th>Operational</Th>
            <Th>Performance</Th>
            <Th>Expandability</Th>
          </Tr>
        </THead>
        <TBody>
          {rows.map((r) => (
            <Tr key={r.alias}>
              <Td><span className="font-medium">{r.alias}</span>{r.displayName && <span className="block text-xs text-muted-foreground">{r.displayName}</span>}</Td>
              <Td title={r.size.note}>
                {r.size.contextWindow === null ? <Muted>window unknown</Muted> : <span className="tabular-nums">{formatNumber(r.size.contextWindow)} tokens</span>}
                <span className={`block text-xs ${r.size.fit === "does-not-fit" ? "text-destructive" : "text-muted-foreground"}`}>{FIT_TEXT[r.size.fit]}</span>
              </Td>
              <Td className="tabular-nums">{r.cost ? <>{r.cost.inputPerMTok} · {r.cost.outputPerMTok}</> : <span className="text-destructive">unpriced</span>}</Td>
              <Td>{r.operational.where}{r.operational.provider && <span className="text-muted-foreground"> ({r.operational.provider})</span>}
                {r.operational.where === "local" && <span className="block text-xs text-muted-foreground">{r.operational.hourlyCostUsd ? `hardware $${r.operational.hourlyCostUsd}/h` : "hardware cost not set"}</span>}
              </Td>
              <Td>
                {r.performance.suites.length === 0 ? <Muted>pass rate unmeasured</Muted> : r.performance.suites.map((s) => (
                  <span key={s.suiteId} className="block tabular-nums">{(s.passRate * 100).toFixed(1)}% <span className="text-muted-foreground">on {suiteNames.get(s.suiteId) ?? s.suiteId} (n={s.graded})</span></span>
                ))}
                <span className="block text-xs tabular-nums">p95 TTFT {r.performance.p95TtftMs === null ? <Muted>unmeasured</Muted> : formatMs(Math.round(r.performance.p95TtftMs))}
                  {" · "}{r.performance.medianTokensPerSec === null ? <Muted>tokens/s unmeasured</Muted> : `${formatNumber(r.performance.medianTokensPerSec, { fractionDigits: 1 })} tokens/s`}</span>
              </Td>
              <Td className="text-xs">
                tools: {r.expandability.tools === "yes" ? "yes" : <Muted>unknown</Muted>} · JSON mode: {r.expandability.jsonMode === "yes" ? "yes" : <Muted>unknown</Muted>} · images: {r.expandability.images === "yes" ? "yes" : <Muted>unknown</Muted>}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <p className="m-0 mt-1 text-xs text-muted-foreground">
        Size compares the window with the largest input-size band seen in the traffic (the rollups keep bands, not a maximum). Tools and JSON mode are not stored in the catalog; images only when its modalities list them. Tokens/s is the median per request.
      </p>
    </div>
  );
}
