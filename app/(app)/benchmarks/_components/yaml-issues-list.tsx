// The API's refusals of a YAML text, each with its line, tied to the YAML
// field (its id is the field's aria-describedby).
import { describeYamlIssue, type YamlIssue } from "@/lib/benchmarks/view/yaml-issues";

export function YamlIssuesList({ id, issues }: { id: string; issues: YamlIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <div id={id} role="alert" className="rounded-md bg-destructive-soft px-3 py-2 text-sm text-destructive" data-testid="yaml-issues">
      <p className="m-0 font-medium">{issues.length === 1 ? "The YAML was refused; nothing was saved:" : `The YAML was refused (${issues.length} problems); nothing was saved:`}</p>
      <ul className="m-0 mt-1">
        {issues.map((issue, i) => <li key={i}>{describeYamlIssue(issue)}</li>)}
      </ul>
    </div>
  );
}
