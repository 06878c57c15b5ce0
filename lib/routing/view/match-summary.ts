// A rule's match conditions in one line (the editor's collapsed summary):
// "every request" when there are none.
import { formatNumber } from "../../format/format-number";
import { checked, type RuleFields } from "./policy-fields";

const words = (s: string) => s.split(/[,\s]+/).filter(Boolean);

export function matchSummary(m: RuleFields["match"], names: { projects?: Map<string, string>; keys?: Map<string, string> } = {}): string {
  const parts: string[] = [];
  const list = (label: string, values: string[], name?: Map<string, string>) => values.length && parts.push(`${label} ${values.map((v) => name?.get(v) ?? v).join(", ")}`);
  list("model", words(m.models));
  list("tags", words(m.tags));
  list("project", checked(m.projectIds), names.projects);
  list("key", checked(m.apiKeyIds), names.keys);
  list("endpoint", checked(m.endpoints));
  const min = m.minInputTokens.trim();
  const max = m.maxInputTokens.trim();
  const tokens = (s: string) => (/^\d+$/.test(s) ? formatNumber(s) : s);
  if (min && max) parts.push(`${tokens(min)}–${tokens(max)} input tokens`);
  else if (min) parts.push(`≥ ${tokens(min)} input tokens`);
  else if (max) parts.push(`≤ ${tokens(max)} input tokens`);
  for (const [key, label] of [["tools", "tools"], ["images", "images"], ["jsonMode", "JSON mode"]] as const) {
    if (m[key] === "yes") parts.push(`needs ${label}`);
    if (m[key] === "no") parts.push(`no ${label}`);
  }
  if (m.minContextTokens.trim()) parts.push(`context ≥ ${tokens(m.minContextTokens.trim())}`);
  list("complexity", checked(m.complexity));
  return parts.length ? parts.join(" · ") : "every request";
}
