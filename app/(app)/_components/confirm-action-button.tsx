"use client";

// A button that asks for confirmation, then calls one management API route
// (revoke a key or token, remove a member) and shows the API's error.
import { useApiSubmit } from "./api-form";

export function ConfirmActionButton({ label, confirmText, method = "DELETE", url }: { label: string; confirmText: string; method?: "DELETE" | "POST"; url: string }) {
  const { submit, error, pending } = useApiSubmit();
  return (
    <>
      <button type="button" disabled={pending} onClick={() => window.confirm(confirmText) && void submit(method, url)}>
        {label}
      </button>
      {error && <span role="alert" className="warn"> {error}</span>}
    </>
  );
}
