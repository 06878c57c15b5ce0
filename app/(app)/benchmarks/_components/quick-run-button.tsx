"use client";

// One click: a starter suite against the demo's local model with the
// default options (sequential, one repeat, $1 cap), so a new user sees a
// benchmark run without choosing anything.
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useApiSubmit } from "../../_components/api-form";

export function QuickRunButton({ suite, model }: { suite: { id: string; name: string }; model: string }) {
  const { submit, error, pending } = useApiSubmit();
  async function run() {
    if (await submit("POST", "/api/manage/v1/benchmarks/runs", { suiteId: suite.id, models: [model] })) toast.success(`Started ${suite.name} on ${model}`);
  }
  return (
    <>
      <Button variant="outline" size="sm" onClick={() => void run()} disabled={pending} aria-label={`Run on ${model}: ${suite.name}`}>
        {pending ? "Starting…" : `Run on ${model}`}
      </Button>
      {error && <span role="alert" className="text-xs text-destructive">{error}</span>}
    </>
  );
}
