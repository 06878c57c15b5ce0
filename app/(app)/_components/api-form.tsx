"use client";

// A small form that sends its fields as JSON to a management API route and
// shows the error the API returns (field-level message; `details` keeps the
// API's list of issues, e.g. each YAML line at fault) or calls onDone.
import { useRouter } from "next/navigation";
import { useState } from "react";

export function useApiSubmit() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [details, setDetails] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  async function submit(method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<Record<string, unknown> | null> {
    setPending(true);
    setError(null);
    setDetails(null);
    try {
      const res = await fetch(url, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await res.json().catch(() => ({}))) as { data?: Record<string, unknown>; error?: { message?: string; details?: unknown } };
      if (!res.ok) {
        setError(json.error?.message ?? `Request failed (${res.status})`);
        setDetails(json.error?.details ?? null);
        return null;
      }
      router.refresh();
      return json.data ?? {};
    } catch {
      setError("Network error: please try again");
      return null;
    } finally {
      setPending(false);
    }
  }
  return { submit, error, details, pending };
}
