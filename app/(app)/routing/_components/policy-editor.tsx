"use client";

// A routing policy: name, scope (the whole org or one project), priority,
// mode, and its rules, built in a form or written as JSON. The API's schema
// checks the form before it is sent; what only the server knows (a model not
// in the catalog, a context window too small) comes back as a 422 naming the
// rule and field and is shown on that field, and listed above the button.
// Nothing typed is lost on a refusal.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { useState } from "react";
import { FormProvider, useFieldArray, useForm } from "react-hook-form";
import { toast } from "sonner";
import { Button, buttonVariants } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { MAX_RULES_PER_POLICY, type PolicyInput } from "@/lib/routing/policy-schema";
import { emptyPolicy, emptyRule, policyFieldsFrom, ruleFieldsFrom, type PolicyFields, type StoredPolicy } from "@/lib/routing/view/policy-fields";
import { policyResolver, serverFieldErrors } from "@/lib/routing/view/policy-resolver";
import { parseRulesJson, rulesJson } from "@/lib/routing/view/rules-json";
import type { RoutingOptions } from "./editor-options";
import { RuleCard } from "./rule-card";
import { RulesJsonEditor, type JsonIssue } from "./rules-json-editor";

type Tab = "form" | "json";
type Answer = { ok: true } | { ok: false; message: string; details: { field: string; message: string }[] };

/** POST a new policy or PATCH every field of one; a refusal keeps the API's message and its details (field and message each). */
async function sendPolicy(policyId: string | undefined, body: PolicyInput): Promise<Answer> {
  try {
    const res = await fetch(policyId ? `/api/manage/v1/routing/policies/${policyId}` : "/api/manage/v1/routing/policies", {
      method: policyId ? "PATCH" : "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    if (res.ok) return { ok: true };
    const json = (await res.json().catch(() => ({}))) as { error?: { message?: string; details?: unknown } };
    const details = Array.isArray(json.error?.details)
      ? json.error.details.filter((d): d is { field: string; message: string } => typeof d?.field === "string" && typeof d?.message === "string")
      : [];
    return { ok: false, message: json.error?.message ?? `Request failed (${res.status})`, details };
  } catch {
    return { ok: false, message: "Network error: nothing was saved; please try again", details: [] };
  }
}

/** `policy` to edit a stored one; else a new one starting from `initial`. `readOnly` says why the viewer may not change it. */
export function PolicyEditor({ policy, initial, options, readOnly }: { policy?: StoredPolicy; initial?: PolicyFields; options: RoutingOptions; readOnly?: string }) {
  const router = useRouter();
  const form = useForm<PolicyFields, unknown, PolicyInput>({ resolver: policyResolver, defaultValues: policy ? policyFieldsFrom(policy) : initial ?? emptyPolicy("") });
  const { register, control, handleSubmit, getValues, setError, formState: { errors } } = form;
  const rules = useFieldArray({ control, name: "rules" });
  const [failure, setFailure] = useState<{ message: string; details: { field: string; message: string }[] } | null>(null);
  const [pending, setPending] = useState(false);
  const [tab, setTab] = useState<Tab>("form");
  const [json, setJson] = useState({ text: "", shown: "", issues: [] as JsonIssue[] });

  /** The JSON tab's text into the form; false (and the issues shown) when it cannot be. */
  function applyJson(): boolean {
    if (json.text === json.shown) return true;
    const parsed = parseRulesJson(json.text);
    if (!parsed.ok) {
      setJson({ ...json, issues: parsed.issues });
      return false;
    }
    rules.replace(parsed.rules.map(ruleFieldsFrom));
    setJson({ text: json.text, shown: json.text, issues: [] });
    return true;
  }
  function changeTab(next: string) {
    if (next === "json") {
      const text = rulesJson(getValues("rules"));
      setJson({ text, shown: text, issues: [] });
      setTab("json");
    } else if (applyJson()) setTab("form");
  }

  const save = handleSubmit(async (body) => {
    setPending(true);
    setFailure(null);
    const answer = await sendPolicy(policy?.id, body).finally(() => setPending(false));
    if (answer.ok) {
      toast.success(policy ? `Saved ${body.name}` : `Created ${body.name}`);
      router.push("/routing");
      router.refresh();
      return;
    }
    setFailure(answer);
    // A 422's details go onto the fields they name, on the form tab where those fields are.
    const fieldErrors = serverFieldErrors(answer.details, getValues("rules"));
    for (const [path, message] of fieldErrors) setError(path as "root", { type: "server", message });
    if (fieldErrors.size > 0) setTab("form");
  });
  function onSubmit(e: React.FormEvent) {
    if (tab === "json" && !applyJson()) {
      e.preventDefault();
      return;
    }
    void save(e);
  }

  const rootError = errors.root?.message ?? (errors.rules as { root?: { message?: string } } | undefined)?.root?.message;
  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate aria-label={policy ? `Edit policy ${policy.name}` : "New routing policy"} className="grid gap-4">
        {readOnly && <p role="note" className="m-0 rounded-md bg-subtle px-3 py-2 text-sm">{readOnly}</p>}
        <fieldset disabled={Boolean(readOnly)} className="m-0 min-w-0 border-0 p-0">
          <section className="card grid grid-cols-[repeat(auto-fill,minmax(170px,1fr))] items-start gap-x-3 gap-y-2" aria-label="Policy">
            <FormField label="Name" error={errors.name?.message}><Input maxLength={120} autoComplete="off" {...register("name")} /></FormField>
            <FormField label="Applies to" error={errors.projectId?.message} hint={options.mayEditOrgWide || readOnly ? undefined : "Org-wide policies are edited by owners and admins"}>
              <Select {...register("projectId")}>
                <option value="" disabled={!options.mayEditOrgWide && !readOnly}>Org-wide</option>
                {options.projects.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </Select>
            </FormField>
            <FormField label="Priority" hint="Lower runs first" error={errors.priority?.message}><Input inputMode="numeric" {...register("priority")} /></FormField>
            <FormField label="Mode" error={errors.mode?.message}>
              <Select {...register("mode")}>
                <option value="enforce">Enforce</option>
                <option value="shadow">Shadow (record only)</option>
              </Select>
            </FormField>
            <label className="mt-6 flex items-center gap-2 text-sm font-medium"><input type="checkbox" className="size-4 p-0" {...register("enabled")} />Enabled</label>
            <p className="col-span-full m-0 text-xs text-muted-foreground">
              A project&apos;s policies are evaluated before the org&apos;s, each by priority. A shadow policy is evaluated on every request and what it would do is recorded; it never changes where a request goes.
            </p>
          </section>
        </fieldset>
        <Tabs value={tab} onValueChange={changeTab}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <TabsList aria-label="Edit the rules as">
              <TabsTrigger value="form">Rules</TabsTrigger>
              <TabsTrigger value="json">JSON (advanced)</TabsTrigger>
            </TabsList>
            <p className="m-0 text-xs text-muted-foreground">Rules are tried in order; the first that matches decides.</p>
          </div>
          <TabsContent value="form">
            <fieldset disabled={Boolean(readOnly)} className="m-0 grid min-w-0 gap-3 border-0 p-0">
              {rules.fields.length === 0 && <p className="m-0 text-muted-foreground">No rules: the policy matches nothing. Add one.</p>}
              {rules.fields.map((f, i) => (
                <RuleCard key={f.id} index={i} count={rules.fields.length} options={options} onMove={(to) => rules.move(i, to)} onRemove={() => rules.remove(i)} />
              ))}
              {!readOnly && (
                <div>
                  <Button variant="outline" disabled={rules.fields.length >= MAX_RULES_PER_POLICY} onClick={() => rules.append(emptyRule(rules.fields.length))}><Plus aria-hidden />Add rule</Button>
                </div>
              )}
            </fieldset>
          </TabsContent>
          <TabsContent value="json">
            <RulesJsonEditor text={json.text} onChange={(text) => setJson({ ...json, text })} issues={json.issues} readOnly={Boolean(readOnly)} />
          </TabsContent>
        </Tabs>
        {!readOnly && (
          <div className="grid gap-2">
            <FormError message={rootError ?? failure?.message ?? null} />
            {failure && failure.details.length > 1 && (
              <ul className="m-0 grid gap-0.5 text-sm text-warn-text" aria-label="Every problem the server found">
                {failure.details.map((d, k) => <li key={k}><code>{d.field}</code>: {d.message}</li>)}
              </ul>
            )}
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" disabled={pending}>{pending ? "Saving…" : policy ? "Save policy" : "Create policy"}</Button>
              <Link href="/routing" className={buttonVariants({ variant: "outline", className: "no-underline" })}>Cancel</Link>
            </div>
          </div>
        )}
      </form>
    </FormProvider>
  );
}
