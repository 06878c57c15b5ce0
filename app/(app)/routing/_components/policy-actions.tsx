"use client";

// A policy's quick changes from the list: turn it on or off, switch between
// enforce and shadow, delete it (after asking). Each is one PATCH or DELETE;
// the API's refusal (a 403, a 422 when a policy going live no longer fits the
// catalog) shows beside the control.
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useApiSubmit } from "../../_components/api-form";

const url = (id: string) => `/api/manage/v1/routing/policies/${id}`;

function ApiError({ error }: { error: string | null }) {
  return error ? <span role="alert" className="text-xs text-destructive">{error}</span> : null;
}

export function EnabledSwitch({ policy }: { policy: { id: string; name: string; enabled: boolean } }) {
  const { submit, error, pending } = useApiSubmit();
  async function change(enabled: boolean) {
    if (await submit("PATCH", url(policy.id), { enabled })) toast.success(`${policy.name}: ${enabled ? "enabled" : "disabled"}`);
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <label className="flex items-center gap-1.5 text-sm">
        <input type="checkbox" role="switch" className="size-4 p-0" checked={policy.enabled} disabled={pending} onChange={(e) => void change(e.target.checked)} aria-label={`Enabled: ${policy.name}`} />
        {policy.enabled ? "on" : "off"}
      </label>
      <ApiError error={error} />
    </span>
  );
}

export function ModeSwitchButton({ policy }: { policy: { id: string; name: string; mode: "enforce" | "shadow" } }) {
  const { submit, error, pending } = useApiSubmit();
  const next = policy.mode === "enforce" ? "shadow" : "enforce";
  async function change() {
    if (await submit("PATCH", url(policy.id), { mode: next })) toast.success(next === "shadow" ? `${policy.name} now runs in shadow: recorded, not applied` : `${policy.name} is now enforced`);
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <Button variant="outline" size="sm" disabled={pending} onClick={() => void change()} aria-label={`${next === "shadow" ? "Switch to shadow" : "Enforce"}: ${policy.name}`}>
        {next === "shadow" ? "Switch to shadow" : "Enforce"}
      </Button>
      <ApiError error={error} />
    </span>
  );
}

export function DeletePolicyButton({ policy, thenGoTo }: { policy: { id: string; name: string }; thenGoTo?: string }) {
  const { submit, error, pending } = useApiSubmit();
  const router = useRouter();
  async function run() {
    if (!(await submit("DELETE", url(policy.id)))) return;
    toast.success(`Deleted ${policy.name}`);
    if (thenGoTo) router.push(thenGoTo);
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <ConfirmDialog trigger={<Button variant="destructive" size="sm" disabled={pending} aria-label={`Delete ${policy.name}`}>Delete</Button>} title={`Delete ${policy.name}?`}
        description="Requests it routes go to the model they ask for (or the next policy's rules) on every proxy within a second. Past statistics keep its rule ids." confirmLabel="Delete policy" pending={pending} onConfirm={() => void run()} />
      <ApiError error={error} />
    </span>
  );
}
