"use client";

// The message under one What-if editor field: the schema's (checked before
// sending) or the server's 422 (set on the same path), or none.
import { get, useFormContext } from "react-hook-form";
import type { ScenarioFields } from "@/lib/whatif/view/scenario-fields";

export function useScenarioError(): (path: string) => string | undefined {
  const { formState: { errors } } = useFormContext<ScenarioFields>();
  return (path) => {
    const message: unknown = (get(errors, path) as { message?: unknown } | undefined)?.message;
    return typeof message === "string" ? message : undefined;
  };
}
