// A suite case becomes the chat request a benchmark sends: {{var}} templates
// in the messages are filled from the case's vars, as promptfoo fills them.
import { renderTemplate } from "./checks/render-template";
import type { SuiteCase } from "./suite-schema";

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
