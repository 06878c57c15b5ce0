// A suite case in a table row: the first user message's text (templates as
// written, cut to a preview), its vars and its checks as short labels.
import type { SuiteCase } from "../suite-schema";

export const PREVIEW_CHARS = 140;

export function firstUserMessagePreview(testCase: Pick<SuiteCase, "messages">, max = PREVIEW_CHARS): string {
  const message = testCase.messages.find((m) => m.role === "user") ?? testCase.messages[0];
  if (!message) return "";
  const text = typeof message.content === "string"
    ? message.content
    : message.content.map((part) => (part.type === "text" ? part.text : "[image]")).join(" ");
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

/** One label per check: its type, with the value when short ("contains: Paris"). */
export function checkLabels(checks: SuiteCase["checks"], maxValue = 24): string[] {
  return checks.map((c) => {
    const v = typeof c.value === "string" || typeof c.value === "number" ? String(c.value) : null;
    const shown = v !== null && v.length <= maxValue && !v.includes("\n") ? `: ${v}` : "";
    return `${c.type}${shown}`;
  });
}
