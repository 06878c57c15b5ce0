"use client";

// Import a promptfoo config (YAML): pasted or picked from a file. The API
// validates the whole file before saving anything; its 422 names each line
// at fault, listed under the field. Warnings (settings Tollgate ignores,
// such as providers) are shown with the result.
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { yamlIssuesFrom } from "@/lib/benchmarks/view/yaml-issues";
import { useApiSubmit } from "../../_components/api-form";
import { YamlIssuesList } from "./yaml-issues-list";

const MAX_BYTES = 1_000_000;

export function ImportSuiteDialog({ prominent = false }: { prominent?: boolean }) {
  const [open, setOpen] = useState(false);
  const [yaml, setYaml] = useState("");
  const [name, setName] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const { submit, error, details, pending } = useApiSubmit();
  const router = useRouter();
  const id = useId();
  const issues = fileError ? [{ line: null, path: null, message: fileError }] : yamlIssuesFrom(details, error);

  async function pick(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError(`That file is ${Math.ceil(file.size / 1000)} kB; at most 1 MB of YAML is accepted.`);
      return;
    }
    setYaml(await file.text());
  }
  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if (!yaml.trim()) {
      setFileError("Paste a promptfoo config or pick a file first.");
      return;
    }
    setFileError(null);
    const data = await submit("POST", "/api/manage/v1/benchmarks/suites/import", { yaml, ...(name.trim() ? { name: name.trim() } : {}) });
    if (!data) return;
    const warnings = Array.isArray(data.warnings) ? (data.warnings as string[]) : [];
    toast.success(`Imported ${String(data.name)} (${String(data.caseCount)} cases)`, { description: warnings.length ? warnings.join(" ") : undefined });
    setOpen(false);
    setYaml("");
    setName("");
    router.push(`/benchmarks/suites/${String(data.id)}`);
  }
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      wide
      trigger={<Button variant="outline" size={prominent ? "default" : "sm"}>Import promptfoo YAML</Button>}
      title="Import promptfoo YAML"
      description={<>A promptfoo config: <code>prompts</code> with <code>{"{{var}}"}</code> templates, <code>tests</code> with <code>vars</code> and <code>assert</code>, <code>defaultTest</code>. Assertions outside the supported set (e.g. <code>javascript</code>, which would run code) are refused with their line.</>}
    >
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="grid gap-3" aria-label="Import promptfoo YAML">
        <div className="flex min-w-0 flex-col gap-1">
          <Label htmlFor={`${id}-yaml`}>promptfoo config (YAML)</Label>
          <Textarea id={`${id}-yaml`} value={yaml} onChange={(e) => setYaml(e.target.value)} rows={14} spellCheck={false} wrap="off" className="font-mono text-xs"
            aria-invalid={issues.length ? true : undefined} aria-describedby={issues.length ? `${id}-issues` : undefined} placeholder={"description: My suite\nprompts:\n  - 'Answer briefly: {{question}}'\ntests:\n  - vars: { question: 'Capital of France?' }\n    assert:\n      - type: icontains\n        value: paris"} />
          <YamlIssuesList id={`${id}-issues`} issues={issues} />
        </div>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor={`${id}-file`}>Or pick a file</Label>
            <Input id={`${id}-file`} type="file" accept=".yaml,.yml,application/yaml,text/yaml,text/plain" onChange={(e) => void pick(e)} className="h-auto py-1" />
          </div>
          <div className="flex min-w-0 flex-col gap-1">
            <Label htmlFor={`${id}-name`}>Name (optional)</Label>
            <Input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={120} placeholder="The YAML's description" />
          </div>
        </div>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" disabled={pending}>{pending ? "Importing…" : "Import suite"}</Button>
        </div>
      </form>
    </Dialog>
  );
}
