"use client";

// "Test a request": describe a request (or paste its body) and who sends it,
// and see what the proxy would decide for it now: the rule, the models in
// the order they would be tried, the ones skipped and why, and what shadow
// policies would do. Nothing is sent upstream and nothing is recorded.
import { useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { ROUTE_ENDPOINTS } from "@/lib/routing/policy-schema";
import { routeTestSchema, type RouteTestInput } from "@/lib/routing/route-test-schema";
import { DEFAULT_TEST_REQUEST, parsePastedBody, testRequestBody, type TestRequestFields } from "@/lib/routing/view/test-request-fields";
import { resolveWithApiSchema } from "@/lib/ui/resolve-with-api-schema";
import { DecisionView, type TestResult } from "./decision-view";
import type { RoutingOptions } from "./editor-options";

const apiResolver = resolveWithApiSchema(routeTestSchema, testRequestBody, { "body.model": "model", body: "pastedBody" });
const resolver: Resolver<TestRequestFields, unknown, RouteTestInput> = async (values, context, options) => {
  if (values.usePastedBody) {
    const pasted = parsePastedBody(values.pastedBody);
    if (!pasted.ok) return { values: {}, errors: { pastedBody: { type: "json", message: pasted.message } } };
  } else if (values.model.trim() === "") {
    return { values: {}, errors: { model: { type: "required", message: "the model the request asks for" } } };
  }
  return apiResolver(values, context, options);
};

export function TestRequestPanel({ options }: { options: RoutingOptions }) {
  const { register, handleSubmit, control, formState: { errors } } = useForm<TestRequestFields, unknown, RouteTestInput>({
    resolver,
    defaultValues: { ...DEFAULT_TEST_REQUEST, model: options.models[0]?.alias ?? "", projectId: options.projects[0]?.id ?? "" },
  });
  const pasted = useWatch({ control, name: "usePastedBody" });
  const [result, setResult] = useState<TestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  // Not through useApiSubmit: a test changes nothing, so the page is not refreshed after it.
  const onSubmit = handleSubmit(async (body) => {
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/manage/v1/routing/test", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = (await res.json().catch(() => ({}))) as { data?: TestResult; error?: { message?: string } };
      if (!res.ok || !json.data) {
        setError(json.error?.message ?? `Request failed (${res.status})`);
        return;
      }
      setResult(json.data);
    } catch {
      setError("Network error: please try again");
    } finally {
      setPending(false);
    }
  });

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <form onSubmit={onSubmit} noValidate aria-label="Test a request" className="grid content-start gap-3">
        <div className="grid grid-cols-[repeat(auto-fill,minmax(170px,1fr))] items-start gap-x-3 gap-y-2">
          <FormField label="Model asked for" error={errors.model?.message}>
            <Input list="test-models" autoComplete="off" disabled={pasted} {...register("model")} />
          </FormField>
          <datalist id="test-models">{options.models.map((m) => <option key={m.alias} value={m.alias} />)}</datalist>
          <FormField label="Endpoint" error={errors.endpoint?.message}>
            <Select {...register("endpoint")}>{ROUTE_ENDPOINTS.map((e) => <option key={e} value={e}>{e}</option>)}</Select>
          </FormField>
          <FormField label="Project" error={errors.projectId?.message}>
            <Select {...register("projectId")}>{options.projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</Select>
          </FormField>
          <FormField label="API key" hint="Its project is used" error={errors.apiKeyId?.message}>
            <Select {...register("apiKeyId")}><option value="">No key</option>{options.keys.map((k) => <option key={k.id} value={k.id}>{k.label}</option>)}</Select>
          </FormField>
          <FormField label="Tags" hint="Comma-separated" error={errors.tags?.message}><Input autoComplete="off" {...register("tags")} /></FormField>
          <FormField label="Input tokens" hint="Empty: counted from the prompt" error={errors.estimatedInputTokens?.message}><Input inputMode="numeric" {...register("estimatedInputTokens")} /></FormField>
          <FormField label="Max output tokens" error={errors.maxOutputTokens?.message}><Input inputMode="numeric" disabled={pasted} {...register("maxOutputTokens")} /></FormField>
          <FormField label="User (sticky splits)" error={errors.user?.message}><Input autoComplete="off" disabled={pasted} {...register("user")} /></FormField>
          <FormField label="Session header" error={errors.sessionId?.message}><Input autoComplete="off" {...register("sessionId")} /></FormField>
        </div>
        <fieldset className="m-0 min-w-0 rounded-md border border-border p-2" disabled={pasted}>
          <legend className="px-1 text-sm font-medium">The request</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1">
            {([["tools", "Defines tools"], ["images", "Has an image"], ["jsonMode", "Asks for JSON"], ["stream", "Streams"]] as const).map(([name, label]) => (
              <label key={name} className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-4 p-0" {...register(name)} />{label}</label>
            ))}
          </div>
          <FormField label="Prompt" className="mt-2" error={errors.prompt?.message}><Textarea rows={2} {...register("prompt")} /></FormField>
        </fieldset>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-4 p-0" {...register("usePastedBody")} />Paste a request body instead</label>
        {pasted && (
          <FormField label="Request body (JSON, as the app sends it)" error={errors.pastedBody?.message}>
            <Textarea rows={8} spellCheck={false} className="font-mono text-xs" placeholder='{"model": "auto", "messages": [{"role": "user", "content": "Hello"}]}' {...register("pastedBody")} />
          </FormField>
        )}
        <FormError message={errors.root?.message ?? error} />
        <div><Button type="submit" disabled={pending}>{pending ? "Deciding…" : "Test request"}</Button></div>
      </form>
      <div aria-live="polite" className="min-w-0">
        {result ? <DecisionView result={result} /> : <p className="m-0 text-muted-foreground">The decision shows here: the rule that matches, the models in the order they would be tried, and why any were skipped. Decided exactly as the proxy decides, with nothing in flight and nothing cooling down.</p>}
      </div>
    </div>
  );
}
