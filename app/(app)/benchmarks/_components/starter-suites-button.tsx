"use client";

// Installs (or refreshes) the suites Tollgate ships: one click to something runnable.
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useApiSubmit } from "../../_components/api-form";

export function StarterSuitesButton({ prominent = false }: { prominent?: boolean }) {
  const { submit, error, pending } = useApiSubmit();
  async function install() {
    const data = await submit("POST", "/api/manage/v1/benchmarks/suites/starters");
    if (!data) return;
    const list = Array.isArray(data) ? (data as { created?: boolean }[]) : [];
    const created = list.filter((s) => s.created).length;
    toast.success(created ? `Added ${created} starter ${created === 1 ? "suite" : "suites"}` : "Starter suites are up to date");
  }
  return (
    <>
      <Button variant={prominent ? "default" : "outline"} size={prominent ? "default" : "sm"} onClick={() => void install()} disabled={pending}>
        {pending ? "Adding…" : "Add starter suites"}
      </Button>
      {error && <span role="alert" className="text-sm text-destructive">{error}</span>}
    </>
  );
}
