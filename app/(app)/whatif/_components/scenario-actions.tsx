"use client";

// Run a scenario again (a new result; the page follows it live) and delete
// it with its results (after asking). Each is one management API call; the
// API's refusal shows beside the button.
import { useRouter } from "next/navigation";
import { Play } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useApiSubmit } from "../../_components/api-form";

function ApiError({ error }: { error: string | null }) {
  return error ? <span role="alert" className="text-xs text-destructive">{error}</span> : null;
}

export function RunAgainButton({ scenario, label = "Run again" }: { scenario: { id: string; name: string }; label?: string }) {
  const { submit, error, pending } = useApiSubmit();
  const router = useRouter();
  async function run() {
    if (!(await submit("POST", `/api/manage/v1/whatif/scenarios/${scenario.id}/run`, {}))) return;
    toast.success(`${scenario.name}: the simulation is running`);
    // The newest result is shown: drop a ?result= that pointed at an older one.
    router.push(`/whatif/${scenario.id}`);
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Button variant="outline" disabled={pending} onClick={() => void run()}><Play aria-hidden />{pending ? "Starting…" : label}</Button>
      <ApiError error={error} />
    </span>
  );
}

export function DeleteScenarioButton({ scenario }: { scenario: { id: string; name: string } }) {
  const { submit, error, pending } = useApiSubmit();
  const router = useRouter();
  async function run() {
    if (!(await submit("DELETE", `/api/manage/v1/whatif/scenarios/${scenario.id}`))) return;
    toast.success(`Deleted ${scenario.name}`);
    router.push("/whatif");
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <ConfirmDialog trigger={<Button variant="destructive" disabled={pending}>Delete</Button>} title={`Delete ${scenario.name}?`}
        description="The scenario and every result of it are removed (audited). Nothing else changes: a scenario only simulates." confirmLabel="Delete scenario" pending={pending} onConfirm={() => void run()} />
      <ApiError error={error} />
    </span>
  );
}
