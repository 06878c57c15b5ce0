// promptfoo `prompts` -> chat templates. Supported, as promptfoo documents
// them: a list whose items are prompt strings, or {raw, label, id?, config?}
// objects (config: the request options Tollgate cases carry: tools,
// tool_choice, response_format, max_tokens, temperature). Prompt files,
// prompt functions and the {path: label} map form are refused.
import type { SuiteMessage } from "../suite-schema";
import { scanTemplate } from "../checks/render-template";
import { messagesFromPromptText } from "./prompt-messages";
import type { ImportIssues, YamlPath } from "./yaml-source";

export const REQUEST_FIELDS = ["tools", "tool_choice", "response_format", "max_tokens", "temperature"] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

export interface ImportedPrompt {
  index: number;
  label: string;
  id?: string;
  path: YamlPath;
  rawPath: YamlPath;
  messages: SuiteMessage[];
  request: Partial<Record<RequestField, unknown>>;
  /** The {{vars}} its messages use. */
  variables: string[];
}

const PROMPT_FIELDS = new Set(["raw", "label", "id", "config"]);

function textsOf(messages: SuiteMessage[]): string[] {
  return messages.flatMap((m) => (typeof m.content === "string" ? [m.content] : m.content.flatMap((part) => (part.type === "text" ? [part.text] : []))));
}

function readPrompt(value: unknown, index: number, issues: ImportIssues): ImportedPrompt | null {
  const path: YamlPath = ["prompts", index];
  let raw: unknown;
  let rawPath = path;
  let label: string | undefined;
  let id: string | undefined;
  const request: ImportedPrompt["request"] = {};
  if (typeof value === "string") raw = value;
  else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (key === "function") issues.add([...path, key], "prompt functions are not supported (they would run arbitrary code)");
      else if (!PROMPT_FIELDS.has(key)) issues.add([...path, key], `prompt field "${key}" is not supported (supported: raw, label, id, config)`);
    }
    if (obj.raw === undefined) {
      issues.add(path, "the prompt needs its text in raw (prompt files referenced by id are not supported)");
      return null;
    }
    raw = obj.raw;
    rawPath = [...path, "raw"];
    if (obj.label !== undefined && typeof obj.label !== "string") issues.add([...path, "label"], "label must be a string");
    if (obj.id !== undefined && typeof obj.id !== "string") issues.add([...path, "id"], "id must be a string");
    label = typeof obj.label === "string" ? obj.label : undefined;
    id = typeof obj.id === "string" ? obj.id : undefined;
    if (obj.config !== undefined) {
      if (typeof obj.config !== "object" || obj.config === null || Array.isArray(obj.config)) issues.add([...path, "config"], "config must be a map");
      else {
        for (const [key, v] of Object.entries(obj.config)) {
          if ((REQUEST_FIELDS as readonly string[]).includes(key)) request[key as RequestField] = v;
          else issues.add([...path, "config", key], `prompt config "${key}" is not supported (supported: ${REQUEST_FIELDS.join(", ")})`);
        }
      }
    }
  } else {
    issues.add(path, "each prompt must be a string or a map with raw and label");
    return null;
  }
  if (typeof raw !== "string") {
    issues.add(rawPath, "the prompt text must be a string");
    return null;
  }
  const read = messagesFromPromptText(raw);
  if (!read.ok) {
    issues.add(rawPath, read.reason);
    return null;
  }
  const variables: string[] = [];
  for (const text of textsOf(read.messages)) {
    const scan = scanTemplate(text);
    for (const problem of scan.problems) issues.add(rawPath, `prompt: ${problem}`);
    for (const v of scan.variables) if (!variables.includes(v)) variables.push(v);
  }
  return { index, label: label ?? raw, id, path, rawPath, messages: read.messages, request, variables };
}

export function readPrompts(value: unknown, issues: ImportIssues): ImportedPrompt[] {
  if (value === undefined || value === null) {
    issues.add([], "prompts is required: the prompt templates each test's vars fill in");
    return [];
  }
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list)) {
    issues.add(["prompts"], "prompts must be a list (the {file: label} map form is not supported)");
    return [];
  }
  if (list.length === 0) issues.add(["prompts"], "prompts is empty");
  return list.flatMap((item, i) => readPrompt(item, i, issues) ?? []);
}
