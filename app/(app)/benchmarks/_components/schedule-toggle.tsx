"use client";

// Turns a schedule on or off (its job scheduler in the worker follows).
import { toast } from "sonner";
import { useApiSubmit } from "../../_components/api-form";

export function ScheduleToggle({ scheduleId, enabled, label }: { scheduleId: string; enabled: boolean; label: string }) {
  const { submit, error, pending } = useApiSubmit();
  async function change(next: boolean) {
    if (await submit("PATCH", `/api/manage/v1/benchmarks/schedules/${scheduleId}`, { enabled: next })) toast.success(`${label}: ${next ? "enabled" : "disabled"}`);
  }
  return (
    <>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" role="switch" className="size-4 p-0" checked={enabled} disabled={pending} onChange={(e) => void change(e.target.checked)} aria-label={`Enabled: ${label}`} />
        {enabled ? "on" : "off"}
      </label>
      {error && <span role="alert" className="text-xs text-destructive">{error}</span>}
    </>
  );
}
