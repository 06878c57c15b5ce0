// is-valid-openai-tools-call: the answer called at least one tool, and every
// call is well formed, names one of the case's tools, and passes arguments
// that are a JSON object valid against that tool's parameters schema.
import type { SuiteCase } from "../suite-schema";
import { checkError, quoteForReason, verdict, type CheckVerdict } from "./check-types";
import { compileJsonSchema } from "./json-schema";
import { parseJsonBounded } from "./json-values";

export const MAX_TOOL_CALLS = 128;
const MAX_ARGUMENTS_CHARS = 100_000;

type Tools = NonNullable<SuiteCase["tools"]>;

interface FunctionCall {
  name: string;
  arguments: string;
}

function readCall(call: unknown): FunctionCall | string {
  if (typeof call !== "object" || call === null) return "is not an object";
  const { type, function: fn } = call as { type?: unknown; function?: unknown };
  if (type !== undefined && type !== "function") return `has type ${quoteForReason(String(type))}, not "function"`;
  if (typeof fn !== "object" || fn === null) return "has no function";
  const { name, arguments: args } = fn as { name?: unknown; arguments?: unknown };
  if (typeof name !== "string" || name === "") return "has no function name";
  if (typeof args !== "string") return "has no arguments string";
  return { name, arguments: args };
}

export function checkToolsCall(toolCalls: readonly unknown[] | undefined, tools: Tools | undefined): CheckVerdict {
  if (!tools || tools.length === 0) return checkError("is-valid-openai-tools-call needs the case to define tools");
  if (!toolCalls || toolCalls.length === 0) return verdict(false, "the answer has no tool calls");
  if (toolCalls.length > MAX_TOOL_CALLS) return verdict(false, `the answer has ${toolCalls.length} tool calls; at most ${MAX_TOOL_CALLS} are read`);
  const names: string[] = [];
  for (const [i, raw] of toolCalls.entries()) {
    const label = `tool call #${i + 1}`;
    const call = readCall(raw);
    if (typeof call === "string") return verdict(false, `${label} ${call}`);
    const tool = tools.find((t) => t.function.name === call.name);
    if (!tool) return verdict(false, `${label} names ${quoteForReason(call.name, 64)}, which is not one of the case's tools (${tools.map((t) => t.function.name).join(", ")})`);
    const args = parseJsonBounded(call.arguments, MAX_ARGUMENTS_CHARS);
    if (!args.ok) return verdict(false, `${label} (${call.name}) has arguments that are not valid JSON: ${args.reason}`);
    if (typeof args.value !== "object" || args.value === null || Array.isArray(args.value)) return verdict(false, `${label} (${call.name}) has arguments that are not a JSON object`);
    if (tool.function.parameters) {
      const schema = compileJsonSchema(tool.function.parameters);
      if (!schema.ok) return checkError(`tool ${call.name}'s parameters: ${schema.reason}`);
      const result = schema.validate(args.value);
      if (!result.valid) return verdict(false, `${label} (${call.name}) has arguments that do not match its parameters: ${result.errors}`);
    }
    names.push(call.name);
  }
  return verdict(true, `${names.length} valid tool call${names.length > 1 ? "s" : ""}: ${names.join(", ")}`);
}
