// The policy editor's react-hook-form resolver: the fields become the API's
// body (policy-fields.ts), the API's own schema checks it, and each issue is
// put on the input it is about (policy-field-paths.ts), so most mistakes show
// before anything is sent. What only the server can know (a model not in the
// catalog, a project the caller cannot see) comes back as a 422 and is put on
// the same inputs with serverFieldErrors.
import { set, type FieldErrors, type Resolver } from "react-hook-form";
import { policyInputSchema, type PolicyInput } from "../policy-schema";
import { issuePath, policyFieldErrors, type PathIssue } from "./policy-field-paths";
import { parseCustomChecks, policyBody, type PolicyFields } from "./policy-fields";

type Issue = { code: string; message: string; expected?: unknown; minimum?: unknown; origin?: unknown };

/** The schema's words for an empty choice and for a number typed as text, in the form's words. */
function formMessage(issue: Issue): string {
  if (issue.code === "invalid_type" && issue.expected === "number") return "enter a whole number";
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "required";
  return issue.message;
}

function nest(errors: Map<string, string>, type: string): FieldErrors<PolicyFields> {
  const out = {};
  for (const [path, message] of errors) set(out, path, { type, message });
  return out;
}

export function policyIssues(values: PolicyFields): PathIssue[] {
  const issues: PathIssue[] = [];
  values.rules.forEach((r, i) => {
    if (r.action.kind !== "cascade") return;
    const custom = parseCustomChecks(r.action.customChecks);
    if (!custom.ok) issues.push({ path: ["rules", i, "action", "escalateOn"], field: `rules.${i}.action.customChecks`, message: custom.message });
  });
  const parsed = policyInputSchema.safeParse(policyBody(values));
  if (!parsed.success) issues.push(...parsed.error.issues.map((i) => ({ path: i.path, message: formMessage(i as Issue) })));
  return issues;
}

export const policyResolver: Resolver<PolicyFields, unknown, PolicyInput> = async (values) => {
  const issues = policyIssues(values);
  if (issues.length === 0) return { values: policyInputSchema.parse(policyBody(values)), errors: {} };
  return { values: {}, errors: nest(policyFieldErrors(issues, values.rules), "validation") };
};

/** A 422's details as editor fields and messages (the first per field). */
export function serverFieldErrors(details: unknown, rules: PolicyFields["rules"]): Map<string, string> {
  if (!Array.isArray(details)) return new Map();
  const issues = details
    .filter((d): d is { field: string; message: string } => typeof d?.field === "string" && typeof d?.message === "string")
    .map((d) => ({ path: issuePath(d.field), message: d.message }));
  return policyFieldErrors(issues, rules);
}
