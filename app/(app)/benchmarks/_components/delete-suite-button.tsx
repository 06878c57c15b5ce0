"use client";

// Deletes a suite (its runs and schedules go with it) after asking, then returns to the list.
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useApiSubmit } from "../../_components/api-form";

export function DeleteSuiteButton({ suite }: { suite: { id: string; name: string } }) {
  const { submit, error, pending } = useApiSubmit();
  const router = useRouter();
  async function run() {
    if (!(await submit("DELETE", `/api/manage/v1/benchmarks/suites/${suite.id}`))) return;
    toast.success(`Deleted ${suite.name}`);
    router.push("/benchmarks");
  }
  return (
    <>
      <ConfirmDialog trigger={<Button variant="destructive" size="sm" disabled={pending}>Delete</Button>} title={`Delete ${suite.name}?`}
        description="The suite, its schedules and the history of its runs are deleted. This cannot be undone." confirmLabel="Delete suite" pending={pending} onConfirm={() => void run()} />
      {error && <span role="alert" className="text-sm text-destructive">{error}</span>}
    </>
  );
}
