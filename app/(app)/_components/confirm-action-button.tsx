"use client";

// A destructive button that asks in a dialog, then calls one management API
// route (revoke a key or token, remove a member); the result is a toast.
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useApiSubmit } from "./api-form";

export function ConfirmActionButton({ label, title, confirmText, confirmLabel, done, method = "DELETE", url }: {
  label: string;
  title: string;
  confirmText: string;
  confirmLabel: string;
  /** Toast shown when the API call succeeded. */
  done: string;
  method?: "DELETE" | "POST";
  url: string;
}) {
  const { submit, error, pending } = useApiSubmit();
  async function run() {
    if (await submit(method, url)) toast.success(done);
  }
  return (
    <>
      <ConfirmDialog
        trigger={<Button variant="destructive" size="sm" disabled={pending}>{label}</Button>}
        title={title}
        description={confirmText}
        confirmLabel={confirmLabel}
        pending={pending}
        onConfirm={() => void run()}
      />
      {error && <span role="alert" className="warn"> {error}</span>}
    </>
  );
}
