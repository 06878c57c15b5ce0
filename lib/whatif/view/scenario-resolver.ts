// The What-if editor's react-hook-form resolver and where each issue shows.
// The fields become the API's body (scenario-fields.ts), the API's own
// schema checks it, and each issue lands on the input holding the value, so
// most mistakes show before anything is sent. What only the server knows (a
// model without a price from the range's start, an unknown suite) comes back
// as a 422 whose details name the same paths ("rules.0.target.model") and is
// put on the same inputs with serverFieldErrors. An issue about a list or a
// section lands on `<section>.root`; anything else on the form's `root`,
// prefixed with the path it is about.
import { set, type FieldErrors, type Resolver } from "react-hook-form";
import { scenarioSchema, type Scenario } from "../scenario-schema";
import { scenarioBody, type ScenarioFields } from "./scenario-fields";

const MATCH_FIELDS = ["projectIds", "requestedModels", "tiers", "tags", "endpoints", "minInputTokens", "maxInputTokens"];
const BURST_FIELDS: Record<string, string> = { localModel: "localModel", cloudModel: "cloudModel", hourlyCostUsd: "hourlyCostUsd", capacityConcurrent: "capacity", capacityRps: "capacity" };

/** "rules.0.target.model" -> ["rules", 0, "target", "model"]. */
export function issuePath(field: string): (string | number)[] {
  return field === "" ? [] : field.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** The editor field an issue at `path` (the schema's or the server's) belongs on. */
export function scenarioFieldFor(path: readonly PropertyKey[]): string {
  const [head, a, b, c] = path.map((k) => (typeof k === "string" && /^\d+$/.test(k) ? Number(k) : k));
  if (head === "name") return "name";
  if (head === "range") return a === "from" ? "from" : "to";
  if (head === "adjustments") return "adjustments.root";
  if (head === "localBurst") return typeof a === "string" && BURST_FIELDS[a] ? `localBurst.${BURST_FIELDS[a]}` : "localBurst.root";
  if (head !== "rules") return "root";
  if (typeof a !== "number") return "rules.root";
  const at = `rules.${a}`;
  if (b === "name" || b === "sharePercent" || b === "suiteId") return `${at}.${b}`;
  if (b === "match") return typeof c === "string" && MATCH_FIELDS.includes(c) ? `${at}.match.${c}` : `${at}.match.root`;
  if (b === "target") {
    if (c === "model") return `${at}.target.model`;
    if (c === "cheapestWhere") {
      const leaf = path[4];
      return leaf === "suiteId" || leaf === "minPassRate" || leaf === "maxP95TtftMs" ? `${at}.target.${leaf}` : `${at}.target.root`;
    }
    return `${at}.target.root`;
  }
  return `${at}.root`;
}

export interface PathIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** The first message per editor field; one on `root` says which part of the body it is about. */
export function scenarioFieldErrors(issues: readonly PathIssue[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const field = scenarioFieldFor(issue.path);
    const where = issue.path.join(".");
    const message = field === "root" && where ? `${where}: ${issue.message}` : issue.message;
    if (!errors.has(field)) errors.set(field, message);
  }
  return errors;
}

/** A 422's details (`[{ field, message }]`) as editor fields and messages. */
export function serverFieldErrors(details: unknown): Map<string, string> {
  if (!Array.isArray(details)) return new Map();
  return scenarioFieldErrors(
    details
      .filter((d): d is { field: string; message: string } => typeof d?.field === "string" && typeof d?.message === "string")
      .map((d) => ({ path: issuePath(d.field), message: d.message })),
  );
}

type Issue = { code: string; message: string; expected?: unknown; minimum?: unknown; origin?: unknown };

/** The schema's words for an empty choice, in the form's words. */
function formMessage(issue: Issue): string {
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "required";
  return issue.message;
}

function nest(errors: Map<string, string>, type: string): FieldErrors<ScenarioFields> {
  const out = {};
  for (const [path, message] of errors) set(out, path, { type, message });
  return out;
}

/** A resolver for an org in `timezone`; the range is cut at the hour the form is sent in. */
export function scenarioResolver(timezone: string, now: () => Date = () => new Date()): Resolver<ScenarioFields, unknown, Scenario> {
  return async (values) => {
    const parsed = scenarioSchema.safeParse(scenarioBody(values, timezone, now()));
    if (parsed.success) return { values: parsed.data, errors: {} };
    const issues = parsed.error.issues.map((i) => ({ path: i.path, message: formMessage(i as Issue) }));
    return { values: {}, errors: nest(scenarioFieldErrors(issues), "validation") };
  };
}
