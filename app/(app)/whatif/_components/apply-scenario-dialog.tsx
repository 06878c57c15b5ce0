"use client";

// Turns a succeeded result into a routing policy: shadow first (every
// request records what the policy would do, nothing changes) or enforce.
// One management API call; what could not be carried over comes back as
// warnings and stays on screen with a link to the new policy.
import Link from "next/link";
import { useState } from "react";
import { GitBranchPlus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useApiSubmit } from "../../_components/api-form";

interface Applied {
  policyId: string;
  policyName: string;
  mode: "shadow" | "enforce";
  warnings: { rule: number | null; message: string }[];
}

export function ApplyScenarioDialog({ scenarioId, resultId, appliedPolicy, canEnforce = true }: {
  scenarioId: string;
  resultId: string;
  /** Enforce needs a routing editor (owner, admin, engineer); finance applies in shadow mode only. */
  canEnforce?: boolean;
  /** The policy this result is applied as already (one per result), if any. */
  appliedPolicy: { policyId: string; policyName: string; mode: "shadow" | "enforce" } | null;
}) {
  const { submit, error, details, pending } = useApiSubmit();
  const [mode, setMode] = useState<"shadow" | "enforce">("shadow");
  const [applied, setApplied] = useState<Applied | null>(null);
  const existing = (details as { policyId?: string } | null)?.policyId;

  async function apply() {
    const data = await submit("POST", `/api/manage/v1/whatif/scenarios/${scenarioId}/apply`, { resultId, mode });
    if (!data) return;
    const policy = data as unknown as Applied;
    setApplied(policy);
    toast.success(`Created routing policy ${policy.policyName} (${policy.mode})`);
  }

  return (
    <Dialog trigger={<Button variant="outline"><GitBranchPlus aria-hidden />{appliedPolicy ? "Applied as routing policy" : "Apply as routing policy"}</Button>} title="Apply as a routing policy"
      description="The scenario's rules become one routing policy on the proxy. Shadow records what it would do on every request and changes nothing; enforce routes the traffic.">
      {applied ? (
        <div data-testid="apply-done">
          <p>Created <Link href={`/routing/${applied.policyId}`}>{applied.policyName}</Link> in {applied.mode} mode.</p>
          {applied.warnings.length > 0 && (
            <>
              <p className="mb-1 font-medium">Not carried over exactly:</p>
              <ul className="m-0 pl-5 text-sm text-muted-foreground">
                {applied.warnings.map((w, i) => <li key={i}>{w.rule === null ? "" : `Rule ${w.rule + 1}: `}{w.message}</li>)}
              </ul>
            </>
          )}
        </div>
      ) : appliedPolicy ? (
        <p data-testid="apply-existing">This result is applied as <Link href={`/routing/${appliedPolicy.policyId}`}>{appliedPolicy.policyName}</Link> ({appliedPolicy.mode}). Change its mode or delete it on the Routing page; a result is applied once.</p>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void apply(); }}>
          <fieldset className="mb-4 border-0 p-0">
            <legend className="mb-2 font-medium">Mode</legend>
            <label className="mb-1 flex items-start gap-2"><input type="radio" name="mode" checked={mode === "shadow"} onChange={() => setMode("shadow")} className="mt-1" />
              <span>Shadow <span className="text-muted-foreground">(recommended first: compare what it would have saved with the prediction)</span></span></label>
            <label className="flex items-start gap-2"><input type="radio" name="mode" checked={mode === "enforce"} onChange={() => setMode("enforce")} disabled={!canEnforce} className="mt-1" />
              <span>Enforce <span className="text-muted-foreground">{canEnforce ? "(routes matching traffic now)" : "(owners, admins and engineers: an engineer turns the shadow policy live on the Routing page)"}</span></span></label>
          </fieldset>
          {error && <p role="alert" className="text-sm text-destructive">{error}{existing && <> <Link href={`/routing/${existing}`}>Open that policy</Link></>}</p>}
          <Button type="submit" disabled={pending}>{pending ? "Applying…" : mode === "shadow" ? "Create shadow policy" : "Create and enforce"}</Button>
        </form>
      )}
    </Dialog>
  );
}
