// A suite case becomes the chat request a benchmark sends: {{var}} templates
// in the messages are filled from the case's vars (promptfoo's plain
// substitution; an unknown var is left as written so the answer shows it).
import type { SuiteCase } from "./suite-schema";

const VAR_PATTERN = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function renderTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(VAR_PATTERN, (whole, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : whole));
}

export function buildCaseRequest(testCase: SuiteCase, model: string, defaults: { maxTokens: number }): Record<string, unknown> {
  const messages = testCase.messages.map((m) => ({
    ...m,
    content: typeof m.content === "string"
      ? renderTemplate(m.content, testCase.vars)
      : m.content.map((part) => (part.type === "text" ? { ...part, text: renderTemplate(part.text, testCase.vars) } : part)),
  }));
  return {
    model,
    messages,
    max_tokens: testCase.max_tokens ?? defaults.maxTokens,
    ...(testCase.temperature !== undefined ? { temperature: testCase.temperature } : {}),
    ...(testCase.tools ? { tools: testCase.tools } : {}),
    ...(testCase.tool_choice ? { tool_choice: testCase.tool_choice } : {}),
    ...(testCase.response_format ? { response_format: testCase.response_format } : {}),
  };
}
