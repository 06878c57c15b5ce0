"use client";

// "Run" a suite: the models (several at once, one run each, sharing a batch),
// the load profile and its parameters, repeats, warm-up, cost cap and
// limits. The body is validated with the API's own run-config schema before
// it is sent; the API's answer (a model without a deployment, a 403) shows
// in the dialog.
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { runConfigSchema } from "@/lib/benchmarks/run-config";
import { DEFAULT_RUN_OPTIONS, RUN_OPTION_FIELD_FOR, runConfigFromFields, type RunOptionsFields } from "@/lib/benchmarks/view/run-options-fields";
import { formatNumber } from "@/lib/format/format-number";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { useApiSubmit } from "../../_components/api-form";
import { ModelCheckboxes } from "./model-checkboxes";
import type { ModelOption } from "./model-options";
import { RunOptionsInputs } from "./run-options-inputs";

type RunFields = RunOptionsFields & { models: string[] };

const startRunsBody = z.object({
  suiteId: z.string().min(1),
  models: z.array(z.string().min(1)).min(1, "pick at least one model").max(10, "at most 10 models at once"),
  config: runConfigSchema,
});

export function RunSuiteDialog({ suite, models, defaultModels = [], triggerLabel = "Run" }: { suite: { id: string; name: string; caseCount: number }; models: ModelOption[]; defaultModels?: string[]; triggerLabel?: string }) {
  const [open, setOpen] = useState(false);
  const { submit, error, pending } = useApiSubmit();
  const resolver = resolveWithApiSchema(startRunsBody, (f: RunFields) => ({ suiteId: suite.id, models: toList(f.models), config: runConfigFromFields(f) }), { ...RUN_OPTION_FIELD_FOR, models: "models" });
  const { register, handleSubmit, control, reset, formState: { errors } } = useForm<RunFields, unknown, z.output<typeof startRunsBody>>({
    resolver,
    defaultValues: { ...DEFAULT_RUN_OPTIONS, models: defaultModels },
  });
  const profile = useWatch({ control, name: "profile" });
  const chosen = toList(useWatch({ control, name: "models" }));
  const repeats = Number(useWatch({ control, name: "repeats" })) || 1;
  const onSubmit = handleSubmit(async (body) => {
    const data = await submit("POST", "/api/manage/v1/benchmarks/runs", body);
    if (!data) return;
    const runs = (data.runs as unknown[] | undefined)?.length ?? body.models.length;
    toast.success(`Started ${runs === 1 ? "1 run" : `${runs} runs`} of ${suite.name}`);
    setOpen(false);
    reset();
  });
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      wide
      trigger={<Button size="sm" aria-label={`${triggerLabel}: ${suite.name}`}>{triggerLabel}</Button>}
      title={`Run ${suite.name}`}
      description={`Each model runs every case through the proxy, metered and priced in the Benchmarks project. ${formatNumber(suite.caseCount)} cases.`}
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-3" aria-label={`Run ${suite.name}`}>
        <ModelCheckboxes models={models} register={register("models")} error={errors.models?.message} />
        <RunOptionsInputs register={register} errors={errors} profile={profile} />
        <p className="m-0 text-sm text-muted-foreground" data-testid="run-size">
          {formatNumber(chosen.length)} {chosen.length === 1 ? "model" : "models"} × {formatNumber(suite.caseCount)} cases × {formatNumber(repeats)} {repeats === 1 ? "repeat" : "repeats"} = {formatNumber(chosen.length * suite.caseCount * repeats)} requests
        </p>
        <FormError message={errors.root?.message ?? error} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? "Starting…" : "Start run"}</Button>
        </div>
      </form>
    </Dialog>
  );
}

// One checked box gives a string, none gives false: always a list.
function toList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}
