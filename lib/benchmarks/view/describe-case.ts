// A suite case in a table row: the first user message's text (its {{vars}}
// filled in as the run will send it, cut to a preview), its vars and its
// checks as short labels (values filled in too).
import { renderCheckValue, renderTemplate } from "../checks/render-template";
import type { SuiteCase } from "../suite-schema";

export const PREVIEW_CHARS = 140;

/** Joins a list into one table cell value (the CSV shows it so; the cell splits it back into badges). */
export const LIST_SEPARATOR = "\u241f";

export function firstUserMessagePreview(testCase: Pick<SuiteCase, "messages"> & { vars?: Record<string, string> }, max = PREVIEW_CHARS): string {
  const message = testCase.messages.find((m) => m.role === "user") ?? testCase.messages[0];
  if (!message) return "";
  const vars = testCase.vars ?? {};
  const text = typeof message.content === "string"
    ? renderTemplate(message.content, vars)
    : message.content.map((part) => (part.type === "text" ? renderTemplate(part.text, vars) : "[image]")).join(" ");
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** vars as "name=value" pairs, each value cut short. */
export function describeVars(vars: Record<string, string>, maxValue = 40): string[] {
  return Object.entries(vars).map(([k, v]) => {
    const flat = v.replace(/\s+/g, " ");
    return `${k}=${flat.length > maxValue ? `${flat.slice(0, maxValue - 1)}…` : flat}`;
  });
}

/** One label per check: its type, with the value when short ("contains: Paris"), {{vars}} filled in. */
export function checkLabels(checks: SuiteCase["checks"], maxValue = 24, vars: Record<string, string> = {}): string[] {
  return checks.map((c) => {
    const value = renderCheckValue(c.value, vars);
    const v = typeof value === "string" || typeof value === "number" ? String(value) : null;
    const shown = v !== null && v.length <= maxValue && !v.includes("\n") ? `: ${v}` : "";
    return `${c.type}${shown}`;
  });
}
