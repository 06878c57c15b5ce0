"use client";

// One rule of a policy: its id and description, what it matches (collapsed
// to a one-line summary), its action, and the optional cache and failover
// settings. Rules are tried in order; the first that matches decides.
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useState } from "react";
import { useFormContext, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { matchSummary } from "@/lib/routing/view/match-summary";
import { ACTION_KINDS, ACTION_LABELS, type PolicyFields } from "@/lib/routing/view/policy-fields";
import { ActionFields } from "./action-fields";
import type { RoutingOptions } from "./editor-options";
import { MatchFields } from "./match-fields";
import { useFieldError } from "./use-field-error";

export function RuleCard({ index, count, options, onMove, onRemove }: { index: number; count: number; options: RoutingOptions; onMove: (to: number) => void; onRemove: () => void }) {
  const { control, register } = useFormContext<PolicyFields>();
  const rule = useWatch({ control, name: `rules.${index}` });
  const error = useFieldError();
  const at = `rules.${index}` as const;
  const names = { projects: new Map(options.projects.map((p) => [p.id, p.name])), keys: new Map(options.keys.map((k) => [k.id, k.label])) };
  const matchHasError = Object.keys(rule.match).some((k) => error(`${at}.match.${k}`)) || Boolean(error(`${at}.match.root`));
  // Opened by hand or by an error in it; it stays open once the error is fixed (the toggle event records that).
  const [matchOpen, setMatchOpen] = useState(false);
  return (
    <fieldset className="m-0 min-w-0 rounded-lg border border-border bg-card p-3" data-testid={`rule-${index}`} aria-label={`Rule ${index + 1}: ${rule.id || "no id"}`}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h3 className="m-0 text-sm">Rule {index + 1}{rule.id ? `: ${rule.id}` : ""}</h3>
        <div className="flex items-center gap-1">
          <Button variant="ghost" size="icon" aria-label={`Move rule ${index + 1} up`} disabled={index === 0} onClick={() => onMove(index - 1)}><ArrowUp aria-hidden /></Button>
          <Button variant="ghost" size="icon" aria-label={`Move rule ${index + 1} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}><ArrowDown aria-hidden /></Button>
          <Button variant="ghost" size="icon" aria-label={`Remove rule ${index + 1}`} onClick={onRemove}><Trash2 aria-hidden /></Button>
        </div>
      </div>
      {error(`${at}.root`) && <p role="alert" className="m-0 mb-2 text-xs text-destructive">{error(`${at}.root`)}</p>}
      <div className="grid grid-cols-1 items-start gap-x-3 gap-y-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
        <FormField label="Rule id" hint="Stable: statistics name the rule by it" error={error(`${at}.id`)}><Input autoComplete="off" {...register(`${at}.id`)} /></FormField>
        <FormField label="Description" error={error(`${at}.description`)}><Input maxLength={500} {...register(`${at}.description`)} /></FormField>
      </div>
      <details className="mt-3 rounded-md border border-border p-2" open={matchOpen || matchHasError} onToggle={(e) => setMatchOpen(e.currentTarget.open)}>
        <summary className="text-sm font-medium">Match: <span className="font-normal text-muted-foreground">{matchSummary(rule.match, names)}</span></summary>
        <div className="mt-2"><MatchFields rule={index} options={options} /></div>
      </details>
      <div className="mt-3 grid gap-2">
        <FormField label="Action" error={error(`${at}.action.kind`)} className="max-w-md">
          <Select {...register(`${at}.action.kind`)}>{ACTION_KINDS.map((k) => <option key={k} value={k}>{ACTION_LABELS[k]}</option>)}</Select>
        </FormField>
        {error(`${at}.action.root`) && <p role="alert" className="m-0 text-xs text-destructive">{error(`${at}.action.root`)}</p>}
        <ActionFields rule={index} models={options.models} />
      </div>
      <div className="mt-3 grid grid-cols-1 items-start gap-2 lg:grid-cols-2">
        <fieldset className="m-0 min-w-0 rounded-md border border-border p-2">
          <legend className="px-1 text-sm font-medium">Response cache</legend>
          <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="size-4 p-0" {...register(`${at}.cache.enabled`)} />Serve repeated identical requests from the cache</label>
          {rule.cache.enabled && (
            <div className="mt-2 grid grid-cols-[repeat(auto-fill,minmax(180px,1fr))] items-start gap-x-3 gap-y-2">
              <FormField label="Keep answers for (seconds)" error={error(`${at}.cache.ttlSec`)}><Input inputMode="numeric" {...register(`${at}.cache.ttlSec`)} /></FormField>
              <label className="mt-6 flex items-center gap-2 text-sm"><input type="checkbox" className="size-4 p-0" {...register(`${at}.cache.shareAcrossProjects`)} />Share across the org&apos;s projects</label>
            </div>
          )}
          {error(`${at}.cache.root`) && <p role="alert" className="m-0 mt-1 text-xs text-destructive">{error(`${at}.cache.root`)}</p>}
        </fieldset>
        <fieldset className="m-0 min-w-0 rounded-md border border-border p-2">
          <legend className="px-1 text-sm font-medium">Failover</legend>
          <div className="grid grid-cols-[repeat(auto-fill,minmax(180px,1fr))] items-start gap-x-3 gap-y-2">
            <FormField label="First-token timeout (ms)" hint="Empty: no timeout" error={error(`${at}.failover.ttftTimeoutMs`)}><Input inputMode="numeric" {...register(`${at}.failover.ttftTimeoutMs`)} /></FormField>
            <FormField label="Targets tried at most" hint="Empty: every candidate" error={error(`${at}.failover.maxAttempts`)}><Input inputMode="numeric" {...register(`${at}.failover.maxAttempts`)} /></FormField>
          </div>
          {error(`${at}.failover.root`) && <p role="alert" className="m-0 mt-1 text-xs text-destructive">{error(`${at}.failover.root`)}</p>}
        </fieldset>
      </div>
    </fieldset>
  );
}
