"use client";

// "Make scenario": the recommendation as a scenario (one rule: the project's
// requests for the model, 100% to the candidate), created and run through the
// same management API calls the editor makes, then the scenario's page,
// which follows the run.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FlaskConical } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { recommendationScenario, type RecommendationChoice } from "@/lib/whatif/recommendation-scenario";

async function post<T>(url: string, body?: unknown): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
    const json = (await res.json().catch(() => ({}))) as { data?: T; error?: { message?: string } };
    return res.ok ? { ok: true, data: json.data as T } : { ok: false, message: json.error?.message ?? `Request failed (${res.status})` };
  } catch {
    return { ok: false, message: "Network error: please try again" };
  }
}

export function MakeScenarioButton({ choice }: { choice: RecommendationChoice }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function make() {
    setPending(true);
    try {
      const scenario = recommendationScenario(choice);
      const created = await post<{ id: string }>("/api/manage/v1/whatif/scenarios", scenario);
      if (!created.ok) { toast.error(`The scenario was not saved: ${created.message}`); return; }
      const run = await post<{ resultId: string }>(`/api/manage/v1/whatif/scenarios/${created.data.id}/run`);
      if (run.ok) toast.success(`Saved ${scenario.name}; the simulation is running`);
      else toast.error(`Saved ${scenario.name}, but the run did not start: ${run.message}`);
      router.push(`/whatif/${created.data.id}`);
    } finally {
      setPending(false);
    }
  }
  return (
    <Button variant="outline" size="sm" disabled={pending} onClick={() => void make()} aria-label={`Make scenario: ${choice.requestedModel} to ${choice.candidate} in ${choice.projectName}`}>
      <FlaskConical aria-hidden />{pending ? "Creating…" : "Make scenario"}
    </Button>
  );
}
