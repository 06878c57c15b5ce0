// A promptfoo prompt's text <-> the case's chat messages. As promptfoo's
// OpenAI provider reads prompts: a JSON array of {role, content} is a chat
// (a YAML list starting "- role:" too); any other text is one user message.
// Unlike promptfoo, the JSON is parsed before {{vars}} are substituted, so a
// var containing quotes cannot break it.
import { parse as parseYaml } from "yaml";
import { messageSchema, type SuiteMessage } from "../suite-schema";
import { parseJsonBounded } from "../checks/json-values";

export type PromptMessages = { ok: true; messages: SuiteMessage[] } | { ok: false; reason: string };

function chatFrom(value: unknown, format: string): PromptMessages {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, reason: `the ${format} chat prompt must be a non-empty list of {role, content} messages` };
  const messages: SuiteMessage[] = [];
  for (const [i, item] of value.entries()) {
    const parsed = messageSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, reason: `message ${i + 1} of the ${format} chat prompt: ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}` };
    }
    messages.push(parsed.data);
  }
  return { ok: true, messages };
}

const looksLikeJsonChat = (text: string) => text.startsWith("[") && /"role"\s*:/.test(text);
const looksLikeYamlChat = (text: string) => /^-\s+role\s*:/.test(text);

export function messagesFromPromptText(raw: string): PromptMessages {
  const text = raw.trim();
  if (text === "") return { ok: false, reason: "the prompt is empty" };
  if (looksLikeJsonChat(text)) {
    const parsed = parseJsonBounded(text);
    if (!parsed.ok) return { ok: false, reason: `the prompt looks like a JSON chat (a list of {role, content}) but is not valid JSON (${parsed.reason}); {{vars}} must sit inside JSON strings` };
    return chatFrom(parsed.value, "JSON");
  }
  if (looksLikeYamlChat(text)) {
    let value: unknown;
    try {
      value = parseYaml(text, { maxAliasCount: 20 });
    } catch (e) {
      return { ok: false, reason: `the prompt looks like a YAML chat (- role: ...) but is not valid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` };
    }
    return chatFrom(value, "YAML");
  }
  return { ok: true, messages: [{ role: "user", content: raw }] };
}

/** The prompt text for a case's messages: the plain text when it is a single user message that reads back the same, else a JSON chat. */
export function promptTextFromMessages(messages: readonly SuiteMessage[]): string {
  const only = messages.length === 1 ? messages[0]! : null;
  if (only && only.role === "user" && typeof only.content === "string" && only.name === undefined && only.tool_call_id === undefined) {
    const back = messagesFromPromptText(only.content);
    if (back.ok && back.messages.length === 1 && back.messages[0]!.role === "user" && back.messages[0]!.content === only.content) return only.content;
  }
  return JSON.stringify(messages, null, 2);
}
