"use client";

// The run options (load profile and its parameters, repeats, warm-up, cost
// cap, limits, objectives) as inputs of a react-hook-form form whose fields
// include RunOptionsFields: shared by "Run" and the schedule form.
import type { FieldErrors, FieldValues, Path, UseFormRegister } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { PROFILE_KINDS, PROFILE_LABELS, type ProfileKind, type RunOptionsFields } from "@/lib/benchmarks/view/run-options-fields";

export function RunOptionsInputs<T extends FieldValues & RunOptionsFields>({ register: registerField, errors, profile }: { register: UseFormRegister<T>; errors: FieldErrors<T>; profile: ProfileKind }) {
  const register = (k: keyof RunOptionsFields) => registerField(k as Path<T>);
  const e = (k: keyof RunOptionsFields) => (errors as FieldErrors<RunOptionsFields>)[k]?.message;
  return (
    <div className="grid gap-3">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <FormField label="Load profile" error={e("profile")} className="sm:col-span-2">
          <Select {...register("profile")}>{PROFILE_KINDS.map((k) => <option key={k} value={k}>{PROFILE_LABELS[k]}</option>)}</Select>
        </FormField>
        {profile === "concurrency" && (
          <FormField label="Concurrency (requests in flight)" error={e("concurrency")}><Input inputMode="numeric" {...register("concurrency")} /></FormField>
        )}
        {(profile === "constant-rate" || profile === "poisson") && (
          <>
            <FormField label="Rate (requests/s)" error={e("ratePerSec")}><Input inputMode="decimal" {...register("ratePerSec")} /></FormField>
            <FormField label="Max in flight (optional)" hint="Default 256" error={e("maxInFlight")}><Input inputMode="numeric" {...register("maxInFlight")} /></FormField>
          </>
        )}
        <FormField label="Repeats per case" error={e("repeats")}><Input inputMode="numeric" {...register("repeats")} /></FormField>
        <FormField label="Warm-up requests (not counted)" error={e("warmupRequests")}><Input inputMode="numeric" {...register("warmupRequests")} /></FormField>
        <FormField label="Cost cap (USD)" hint="The run stops before it would spend more" error={e("costCapUsd")}><Input inputMode="decimal" {...register("costCapUsd")} /></FormField>
        <FormField label="Max duration (seconds)" error={e("maxDurationSec")}><Input inputMode="numeric" {...register("maxDurationSec")} /></FormField>
        <FormField label="Max output tokens per request" error={e("maxTokens")}><Input inputMode="numeric" {...register("maxTokens")} /></FormField>
        <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium">
          <input type="checkbox" className="size-4 p-0" {...register("stream")} /> Stream answers (measures TTFT and ITL)
        </label>
      </div>
      <details className="rounded-md border border-border p-2">
        <summary className="text-sm font-medium">Objectives for goodput (optional)</summary>
        <p className="mb-2 mt-1 text-xs text-muted-foreground">Goodput counts the requests per second that meet every objective you name.</p>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <FormField label="TTFT at most (ms)" error={e("ttftMs")}><Input inputMode="decimal" {...register("ttftMs")} /></FormField>
          <FormField label="TPOT at most (ms)" error={e("tpotMs")}><Input inputMode="decimal" {...register("tpotMs")} /></FormField>
          <FormField label="E2E at most (ms)" error={e("e2eMs")}><Input inputMode="decimal" {...register("e2eMs")} /></FormField>
        </div>
      </details>
    </div>
  );
}
