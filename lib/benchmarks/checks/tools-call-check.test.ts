import { describe, expect, it } from "vitest";
import { checkToolsCall } from "./tools-call-check";

const tools = [
  {
    type: "function" as const,
    function: { name: "get_weather", parameters: { type: "object", required: ["city"], properties: { city: { type: "string" }, unit: { enum: ["celsius", "fahrenheit"] } }, additionalProperties: false } },
  },
  { type: "function" as const, function: { name: "ping" } },
];
const call = (name: string, args: string) => ({ id: "call_1", type: "function", function: { name, arguments: args } });

describe("is-valid-openai-tools-call", () => {
  it("passes well-formed calls to known tools with valid arguments", () => {
    expect(checkToolsCall([call("get_weather", '{"city":"Oslo","unit":"celsius"}'), call("ping", "{}")], tools)).toMatchObject({ pass: true, reason: "2 valid tool calls: get_weather, ping" });
  });

  it("fails without tool calls, on unknown tools, bad JSON and schema violations, naming the call", () => {
    expect(checkToolsCall([], tools)).toMatchObject({ pass: false, reason: "the answer has no tool calls" });
    expect(checkToolsCall(undefined, tools).pass).toBe(false);
    expect(checkToolsCall([call("get_time", "{}")], tools).reason).toMatch(/#1 names "get_time", which is not one of the case's tools/);
    expect(checkToolsCall([call("get_weather", "{city: Oslo}")], tools).reason).toMatch(/not valid JSON/);
    expect(checkToolsCall([call("get_weather", '"Oslo"')], tools).reason).toMatch(/not a JSON object/);
    expect(checkToolsCall([call("get_weather", '{"unit":"kelvin"}')], tools).reason).toMatch(/do not match its parameters/);
    expect(checkToolsCall([call("ping", "{}"), { type: "function", function: { name: "ping" } }], tools).reason).toMatch(/#2 has no arguments string/);
    expect(checkToolsCall(["nonsense"], tools).reason).toMatch(/#1 is not an object/);
  });

  it("is a check configuration error when the case has no tools", () => {
    expect(checkToolsCall([call("ping", "{}")], undefined)).toMatchObject({ pass: false, error: true });
  });
});
