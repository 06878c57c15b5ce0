// What each policy applied from this scenario did since it was applied,
// next to what the scenario predicted: realised saving for enforced
// traffic, predicted (shadow) saving for shadowed traffic. Money in dollars
// and cents, exact values on hover.
import Link from "next/link";
import type { AppliedOutcome } from "@/lib/whatif/io/read-applied-outcome";
import { formatUsdAt, usdDecimalsFor } from "@/lib/format/format-usd";
import { predictionChecks } from "@/lib/whatif/prediction-error";

const pct = (p: string | null) => (p === null ? "–" : `${Number(p).toFixed(1)}%`);

export function AppliedOutcomeTable({ outcome }: { outcome: AppliedOutcome }) {
  if (outcome.policies.length === 0) return null;
  const sideOf = (p: AppliedOutcome["policies"][number]) => (p.mode === "enforce" ? p.enforced : p.shadowed);
  // One precision for every money cell of the table (lib/format/format-usd.ts).
  const decimals = usdDecimalsFor(outcome.policies.flatMap((p) => [sideOf(p).actualCostUsd, sideOf(p).otherCostUsd, sideOf(p).savingUsd]));
  const money = (v: string) => formatUsdAt(v, decimals);
  return (
    <section className="card mt-4" aria-labelledby="applied-title" data-testid="applied-outcome">
      <h2 id="applied-title">Applied as routing policy</h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead>
            <tr>
              <th className="text-left">Policy</th><th className="text-left">Mode</th><th className="text-left">Since (UTC)</th>
              <th className="text-right">Requests</th><th className="text-right">Cost (USD)</th><th className="text-right">Other side (USD)</th>
              <th className="text-right">Saving</th><th className="text-right">Predicted by the scenario</th><th className="text-right">Prediction error</th>
            </tr>
          </thead>
          <tbody>
            {outcome.policies.map((p) => {
              const side = sideOf(p);
              const [check] = p.scenarioPrediction
                ? predictionChecks([{ side: p.mode === "enforce" ? "enforced" : "shadowed", requests: side.requests, predictedSavingPercent: p.scenarioPrediction.savingPercent, observedSavingPercent: side.savingPercent }])
                : [];
              return (
                <tr key={p.policyId}>
                  <td><Link href={`/routing/${p.policyId}`}>{p.policyName}</Link>{!p.enabled && <span className="text-muted-foreground"> (disabled)</span>}</td>
                  <td>{p.mode === "enforce" ? "enforce (realised)" : "shadow (would save)"}</td>
                  <td className="tabular-nums">{p.appliedAt.slice(0, 16).replace("T", " ")}</td>
                  <td className="text-right tabular-nums">{side.requests.toLocaleString("en-US")}</td>
                  <td className="text-right tabular-nums" title={side.actualCostUsd}>{money(side.actualCostUsd)}</td>
                  <td className="text-right tabular-nums" title={side.otherCostUsd}>{money(side.otherCostUsd)}</td>
                  <td className="text-right tabular-nums" title={side.savingUsd}>{money(side.savingUsd)} · {pct(side.savingPercent)}</td>
                  <td className="text-right tabular-nums">{p.scenarioPrediction ? pct(p.scenarioPrediction.savingPercent) : "–"}</td>
                  <td className="text-right tabular-nums" data-testid="prediction-error">{check?.errorPoints ? `${Number(check.errorPoints) > 0 ? "+" : ""}${check.errorPoints} pts` : <span className="text-muted-foreground">no requests yet</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="m-0 mt-2 text-xs text-muted-foreground">
        Shadow: the requests the policy would have routed, priced at the model it would have chosen. Enforce: the requests it routed, against what they would have cost on the model each asked for. Unpriced attempts are left out of both sides. Prediction error: the saving seen minus the one predicted, both as a share of the cost without the policy; it is kept every 6 hours for the track record.
      </p>
    </section>
  );
}
