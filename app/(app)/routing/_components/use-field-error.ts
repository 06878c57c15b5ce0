"use client";

// The message to show under one editor field: the schema's (checked before
// sending) or the server's 422 (set on the same path), or none.
import { get, useFormContext } from "react-hook-form";
import type { PolicyFields } from "@/lib/routing/view/policy-fields";

export function useFieldError(): (path: string) => string | undefined {
  const { formState: { errors } } = useFormContext<PolicyFields>();
  return (path) => {
    const message: unknown = (get(errors, path) as { message?: unknown } | undefined)?.message;
    return typeof message === "string" ? message : undefined;
  };
}
