// Where an issue with a policy's body shows in the editor. Issues come from
// the API's own schema (checked in the browser before sending) and from the
// server's 422 (`details[].field`, e.g. "rules.2.action.models.1", which the
// catalog check names). Each lands on the input that holds the value; an
// issue about a list or a whole section lands on `<section>.root`, shown
// above that section, and anything else on the form's `root`.
import { checked, type RuleFields } from "./policy-fields";

const TOP_FIELDS = ["name", "projectId", "priority", "mode", "enabled"];
const MATCH_LISTS = ["projectIds", "apiKeyIds", "tags", "models", "endpoints", "complexity"];
const MATCH_NUMBERS = ["minInputTokens", "maxInputTokens"];
const NEEDS = ["tools", "images", "jsonMode", "minContextTokens"];

/** "rules.0.action.models.1" -> ["rules", 0, "action", "models", 1]. */
export function issuePath(field: string): (string | number)[] {
  return field === "" ? [] : field.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

export function fieldPathFor(path: readonly PropertyKey[], rules: readonly RuleFields[] = []): string {
  const [head, i, section, key, ...rest] = path.map((k) => (typeof k === "string" && /^\d+$/.test(k) ? Number(k) : k));
  if (head !== "rules") return typeof head === "string" && TOP_FIELDS.includes(head) ? head : "root";
  if (typeof i !== "number") return "rules.root";
  const at = `rules.${i}`;
  if (section === "id" || section === "description") return `${at}.${section}`;
  if (section === "match") {
    if (typeof key === "string" && (MATCH_LISTS.includes(key) || MATCH_NUMBERS.includes(key))) return `${at}.match.${key}`;
    if (key === "needs" && typeof rest[0] === "string" && NEEDS.includes(rest[0])) return `${at}.match.${rest[0]}`;
    return `${at}.match.root`;
  }
  if (section === "action") return actionFieldPath(`${at}.action`, key, rest, rules[i]);
  if (section === "failover") return key === "ttftTimeoutMs" || key === "maxAttempts" ? `${at}.failover.${key}` : `${at}.failover.root`;
  return `${at}.root`;
}

function actionFieldPath(at: string, key: unknown, rest: unknown[], rule: RuleFields | undefined): string {
  const [j, leaf] = rest;
  switch (key) {
    case "kind":
    case "model":
    case "stickyBy":
    case "cloud":
      return `${at}.${key}`;
    case "targets":
      if (typeof j !== "number") return `${at}.targets.root`;
      return `${at}.targets.${j}.${leaf === "percent" ? "percent" : "model"}`;
    case "models":
      return typeof j === "number" ? `${at}.models.${j}.model` : `${at}.models.root`;
    case "escalateOn": {
      // Built-in triggers are sent first, then the custom checks.
      const builtIns = rule ? checked(rule.action.escalateOn).length : 0;
      return typeof j === "number" && j >= builtIns ? `${at}.customChecks` : `${at}.escalateOn`;
    }
    case "local": {
      const field = { model: "localModel", maxConcurrent: "maxConcurrent", ttftObjectiveMs: "ttftObjectiveMs" }[String(j)];
      return field ? `${at}.${field}` : `${at}.localModel`;
    }
    case "hysteresis":
      return `${at}.resumeBelowPercent`;
    case "cache":
      return j === "ttlSec" ? at.replace(/\.action$/, ".cache.ttlSec") : at.replace(/\.action$/, ".cache.root");
    default:
      return `${at}.root`;
  }
}

export interface PathIssue {
  path: readonly PropertyKey[];
  message: string;
  /** The editor field, when the issue is about the fields themselves rather than the body. */
  field?: string;
}

/** The first message per editor field; a message on `root` says which field of the body it is about. */
export function policyFieldErrors(issues: readonly PathIssue[], rules: readonly RuleFields[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const field = issue.field ?? fieldPathFor(issue.path, rules);
    const where = issue.path.join(".");
    const message = field === "root" && where ? `${where}: ${issue.message}` : issue.message;
    if (!errors.has(field)) errors.set(field, message);
  }
  return errors;
}
