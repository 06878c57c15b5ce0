import { describe, expect, it } from "vitest";
import { ProxyError } from "./proxy-error";
import { validateRequestBody } from "./validate-request-body";

const chat = (extra: Record<string, unknown>) => ({ model: "m", messages: [{ role: "user", content: "hi" }], ...extra });

function refusal(endpoint: string, body: Record<string, unknown>) {
  try {
    validateRequestBody(endpoint, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ProxyError);
    const e = error as ProxyError;
    return { status: e.status, code: e.code, param: e.param, message: e.message };
  }
  throw new Error("expected a refusal");
}

describe("validateRequestBody", () => {
  it("reads stream, include_usage and the first output-token limit", () => {
    expect(validateRequestBody("/chat/completions", chat({}))).toEqual({ stream: false, includeUsage: false, maxOutputTokens: null });
    expect(validateRequestBody("/chat/completions", chat({ stream: true, stream_options: { include_usage: true }, max_tokens: 10, max_completion_tokens: 20 })))
      .toEqual({ stream: true, includeUsage: true, maxOutputTokens: 20 });
    expect(validateRequestBody("/chat/completions", chat({ stream: null, stream_options: null, max_tokens: null }))).toEqual({ stream: false, includeUsage: false, maxOutputTokens: null });
    expect(validateRequestBody("/responses", { model: "m", input: "hi", stream: true, max_output_tokens: 5 })).toMatchObject({ stream: true, maxOutputTokens: 5 });
  });

  it("refuses a stream flag that is not a boolean, naming the field", () => {
    for (const stream of ["yes", 1, "true", {}, []]) {
      expect(refusal("/chat/completions", chat({ stream }))).toMatchObject({ status: 400, code: "invalid_type", param: "stream" });
      expect(refusal("/responses", { model: "m", input: "x", stream })).toMatchObject({ status: 400, param: "stream" });
    }
    expect(refusal("/chat/completions", chat({ stream_options: "on" }))).toMatchObject({ param: "stream_options" });
    expect(refusal("/chat/completions", chat({ stream: true, stream_options: { include_usage: "yes" } }))).toMatchObject({ param: "stream_options.include_usage" });
  });

  it("refuses output-token limits that are not positive integers (huge integers pass, to be capped)", () => {
    for (const field of ["max_tokens", "max_completion_tokens", "max_output_tokens"]) {
      for (const v of [0, -1, 1.5, "100", true, {}, Number.NaN]) {
        expect(refusal("/chat/completions", chat({ [field]: v }))).toMatchObject({ status: 400, code: "invalid_value", param: field });
      }
    }
    expect(validateRequestBody("/chat/completions", chat({ max_tokens: 1e300 })).maxOutputTokens).toBe(1e300);
  });

  it("requires messages for chat and input for responses and embeddings, of the right type", () => {
    expect(refusal("/chat/completions", { model: "m" })).toMatchObject({ code: "missing_required_parameter", param: "messages" });
    expect(refusal("/chat/completions", { model: "m", messages: "hi" })).toMatchObject({ code: "invalid_type", param: "messages" });
    expect(refusal("/chat/completions", { model: "m", messages: [] })).toMatchObject({ param: "messages" });
    expect(refusal("/chat/completions", { model: "m", messages: [{ role: "user", content: "a" }, "b"] })).toMatchObject({ param: "messages[1]" });
    expect(refusal("/responses", { model: "m" })).toMatchObject({ code: "missing_required_parameter", param: "input" });
    expect(refusal("/responses", { model: "m", input: 5 })).toMatchObject({ param: "input" });
    expect(validateRequestBody("/responses", { model: "m", previous_response_id: "resp_1" }).stream).toBe(false);
    expect(refusal("/embeddings", { model: "m" })).toMatchObject({ param: "input" });
    expect(refusal("/embeddings", { model: "m", input: [] })).toMatchObject({ param: "input" });
    expect(refusal("/embeddings", { model: "m", input: ["a", 1] })).toMatchObject({ param: "input[1]" });
    expect(refusal("/embeddings", { model: "m", input: { text: "a" } })).toMatchObject({ param: "input" });
    for (const input of ["a", ["a", "b"], [1, 2], [[1, 2], [3]]]) expect(validateRequestBody("/embeddings", { model: "m", input }).stream).toBe(false);
  });

  it("leaves fields the proxy does not rely on alone", () => {
    const body = chat({ tools: "whatever", response_format: 7, user: { odd: true }, temperature: "hot" });
    expect(validateRequestBody("/chat/completions", body)).toEqual({ stream: false, includeUsage: false, maxOutputTokens: null });
    // Embeddings never stream: the flag is the upstream's to judge.
    expect(validateRequestBody("/embeddings", { model: "m", input: "a", stream: "yes" }).stream).toBe(false);
  });
});
