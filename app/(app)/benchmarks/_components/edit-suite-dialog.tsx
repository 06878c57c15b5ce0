"use client";

// Edit a suite: name, description, judge model, and its cases as promptfoo
// YAML (prefilled from the export when the dialog opens). The YAML is sent
// only when it changed; the API validates the whole of it before saving
// and names each line at fault.
import { useId, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { splitYamlIssues } from "@/lib/benchmarks/view/yaml-issues";
import { useApiSubmit } from "../../_components/api-form";
import { YamlIssuesList } from "./yaml-issues-list";

export function EditSuiteDialog({ suite, models }: { suite: { id: string; name: string; description: string | null; judgeModel: string | null }; models: string[] }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(suite.name);
  const [description, setDescription] = useState(suite.description ?? "");
  const [judgeModel, setJudgeModel] = useState(suite.judgeModel ?? "");
  const [yaml, setYaml] = useState<string | null>(null);
  const [original, setOriginal] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { submit, error, details, pending } = useApiSubmit();
  const id = useId();
  const { yaml: yamlIssues, other: otherError } = splitYamlIssues(details, error);

  async function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next || original !== null) return;
    setLoadError(null);
    try {
      const res = await fetch(`/api/manage/v1/benchmarks/suites/${suite.id}/export`, { cache: "no-store" });
      if (!res.ok) throw new Error(`status ${res.status}`);
      const text = await res.text();
      setOriginal(text);
      setYaml(text);
    } catch (e) {
      setLoadError(`Could not load the suite's YAML (${(e as Error).message}).`);
    }
  }
  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      name: name.trim(), description: description.trim() || null, judgeModel: judgeModel || null,
      ...(yaml !== null && yaml !== original ? { yaml } : {}),
    };
    const data = await submit("PATCH", `/api/manage/v1/benchmarks/suites/${suite.id}`, body);
    if (!data) return;
    toast.success(`Saved ${String(data.name)} (${String(data.caseCount)} cases)`);
    setOriginal(null);
    setYaml(null);
    setOpen(false);
  }
  return (
    <Dialog open={open} onOpenChange={(o) => void onOpenChange(o)} wide trigger={<Button variant="outline" size="sm">Edit</Button>} title={`Edit ${suite.name}`}
      description="Runs keep the cases they ran with: editing changes only future runs.">
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="grid gap-3" aria-label={`Edit ${suite.name}`}>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor={`${id}-name`}>Name</Label>
            <Input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required />
          </div>
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor={`${id}-judge`}>Judge model (llm-rubric checks)</Label>
            <Select id={`${id}-judge`} value={judgeModel} onChange={(e) => setJudgeModel(e.target.value)}>
              <option value="">None</option>
              {[...new Set([...(suite.judgeModel ? [suite.judgeModel] : []), ...models])].map((m) => <option key={m} value={m}>{m}</option>)}
            </Select>
          </div>
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor={`${id}-description`}>Description</Label>
          <Textarea id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} rows={2} />
        </div>
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor={`${id}-yaml`}>Cases as promptfoo YAML</Label>
          {loadError && <p role="alert" className="m-0 text-sm text-destructive">{loadError}</p>}
          <Textarea id={`${id}-yaml`} value={yaml ?? ""} onChange={(e) => setYaml(e.target.value)} rows={16} spellCheck={false} wrap="off" className="font-mono text-xs" disabled={yaml === null}
            placeholder={yaml === null && !loadError ? "Loading…" : undefined} aria-invalid={yamlIssues.length ? true : undefined} aria-describedby={yamlIssues.length ? `${id}-issues` : undefined} />
          <YamlIssuesList id={`${id}-issues`} issues={yamlIssues} />
        </div>
        <FormError message={otherError} />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save suite"}</Button>
        </div>
      </form>
    </Dialog>
  );
}
