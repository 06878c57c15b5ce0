// The API's 422 for promptfoo YAML names each problem's line
// (details: [{ field: "yaml (line 12)", message, line, path }]): listed by
// line, next to the YAML field.
export interface YamlIssue {
  line: number | null;
  path: string | null;
  message: string;
}

export function yamlIssuesFrom(details: unknown, fallback: string | null): YamlIssue[] {
  const list = Array.isArray(details) ? details : [];
  const issues = list.slice(0, 50).flatMap((d): YamlIssue[] => {
    if (!d || typeof d !== "object") return [];
    const { line, path, message, field } = d as Record<string, unknown>;
    if (typeof message !== "string") return [];
    const lineNo = typeof line === "number" && Number.isSafeInteger(line) && line > 0 ? line : null;
    const where = typeof path === "string" && path ? path : typeof field === "string" && !field.startsWith("yaml") ? field : null;
    return [{ line: lineNo, path: where, message }];
  });
  if (issues.length === 0) return fallback ? [{ line: null, path: null, message: fallback }] : [];
  return issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

export function describeYamlIssue(issue: YamlIssue): string {
  const at = [issue.line !== null ? `Line ${issue.line}` : null, issue.path].filter(Boolean).join(", ");
  return at ? `${at}: ${issue.message}` : issue.message;
}

/** A 422 on a form with a YAML field and others: the YAML's issues for under the YAML, the rest as one message. */
export function splitYamlIssues(details: unknown, message: string | null): { yaml: YamlIssue[]; other: string | null } {
  const list = Array.isArray(details) ? details : [];
  const isYaml = (d: unknown) => {
    const { field, line } = (d && typeof d === "object" ? d : {}) as Record<string, unknown>;
    return typeof line === "number" || (typeof field === "string" && field.startsWith("yaml"));
  };
  const yaml = yamlIssuesFrom(list.filter(isYaml), null);
  if (yaml.length > 0) {
    const rest = yamlIssuesFrom(list.filter((d) => !isYaml(d)), null);
    return { yaml, other: rest.length ? rest.map(describeYamlIssue).join("; ") : null };
  }
  return { yaml: [], other: message };
}
