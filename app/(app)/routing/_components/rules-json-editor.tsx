"use client";

// The rules as JSON, the API's own shape: for pasting a policy from elsewhere
// or editing many rules at once. Applying checks the text with the API's
// schema and names each issue by its place in the list; the text stays as
// typed until it is applied, so nothing is lost.
import { useId } from "react";
import { Textarea } from "@/components/ui/textarea";

export interface JsonIssue {
  path: string;
  message: string;
}

export function RulesJsonEditor({ text, onChange, issues, readOnly = false }: { text: string; onChange: (text: string) => void; issues: JsonIssue[]; readOnly?: boolean }) {
  const id = useId();
  return (
    <div className="grid gap-1">
      <label htmlFor={id} className="text-sm font-medium">Rules as JSON</label>
      <p className="m-0 text-xs text-muted-foreground">A list of rules as the management API takes them.{readOnly ? "" : " Switching back to the form (or saving) applies it."}</p>
      <Textarea id={id} value={text} readOnly={readOnly} onChange={(e) => onChange(e.target.value)} rows={24} spellCheck={false} wrap="off" className="font-mono text-xs"
        aria-invalid={issues.length ? true : undefined} aria-describedby={issues.length ? `${id}-issues` : undefined} />
      {issues.length > 0 && (
        <ul id={`${id}-issues`} role="alert" className="m-0 grid gap-0.5 rounded-md bg-warn-bg px-3 py-2 text-sm text-warn-text">
          {issues.map((i, k) => <li key={k}><code>{i.path || "rules"}</code>: {i.message}</li>)}
        </ul>
      )}
    </div>
  );
}
