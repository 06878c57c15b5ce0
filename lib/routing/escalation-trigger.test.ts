import { describe, expect, it } from "vitest";
import { answerForEscalation, failedTrigger } from "./escalation-trigger";

const chat = (content: string | null, finish = "stop", toolCalls?: unknown[]) => ({ choices: [{ message: { content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }] });
const schemaBody = { response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object", required: ["ok"], properties: { ok: { type: "boolean" } } } } } };

describe("failedTrigger", () => {
  it("empty: no text and no tool calls; a tool call is an answer", async () => {
    expect(await failedTrigger(["empty"], {}, answerForEscalation(chat("  ")))).toBe("empty");
    expect(await failedTrigger(["empty"], {}, answerForEscalation(chat(null, "tool_calls", [{ id: "1" }])))).toBeNull();
  });
  it("length: cut off by the token limit (chat and Responses)", async () => {
    expect(await failedTrigger(["length"], {}, answerForEscalation(chat("half an ans", "length")))).toBe("length");
    expect(await failedTrigger(["length"], {}, answerForEscalation({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, output: [] }))).toBe("length");
  });
  it("invalid-json and schema-mismatch", async () => {
    expect(await failedTrigger(["invalid-json"], {}, answerForEscalation(chat("{oops")))).toBe("invalid-json");
    expect(await failedTrigger(["invalid-json"], {}, answerForEscalation(chat('{"ok":1}')))).toBeNull();
    expect(await failedTrigger(["schema-mismatch"], schemaBody, answerForEscalation(chat('{"ok":1}')))).toBe("schema-mismatch");
    expect(await failedTrigger(["schema-mismatch"], schemaBody, answerForEscalation(chat('{"ok":true}')))).toBeNull();
    expect(await failedTrigger(["schema-mismatch"], {}, answerForEscalation(chat("not json at all")))).toBeNull(); // no schema asked for
  });
  it("a refusal is an answer unless a trigger says otherwise; a custom check can", async () => {
    const refusal = answerForEscalation(chat("I can't help with that."));
    expect(await failedTrigger(["empty", "length"], {}, refusal)).toBeNull();
    expect(await failedTrigger([{ check: { type: "not-icontains", value: "can't help", weight: 1 } } as never], {}, refusal)).toBe("not-icontains");
  });
});
