"use client";

// Adopts a local model's measured hardware price as its price version from now on (price editors).
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useApiSubmit } from "../../_components/api-form";

export function AdoptPriceButton({ runId, model, price }: { runId: string; model: string; price: string }) {
  const { submit, error, pending } = useApiSubmit();
  async function adopt() {
    if (await submit("POST", `/api/manage/v1/benchmarks/runs/${runId}/adopt-price`)) toast.success(`${model} is now priced at ${price} per 1M output tokens`);
  }
  return (
    <div className="mt-2">
      <Button size="sm" variant="outline" onClick={() => void adopt()} disabled={pending}>{pending ? "Adopting…" : "Adopt as price"}</Button>
      {error && <p role="alert" className="m-0 mt-1 text-xs text-destructive">{error}</p>}
    </div>
  );
}
