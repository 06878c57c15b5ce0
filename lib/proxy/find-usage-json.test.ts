import { describe, expect, it } from "vitest";
import { findUsageJson } from "./find-usage-json";

describe("findUsageJson", () => {
  it("finds the last usage object, strings with braces and quotes included", () => {
    const body = JSON.stringify({ choices: [{ message: { content: 'he said "usage": {x} \\ }' } }], usage: { prompt_tokens: 3, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 1 } } });
    expect(findUsageJson(body)).toEqual({ usage: { prompt_tokens: 3, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 1 } } });
  });
  it("returns undefined when there is no usage object", () => {
    expect(findUsageJson('{"choices":[]}')).toBeUndefined();
    expect(findUsageJson('{"usage":null}')).toBeUndefined();
    expect(findUsageJson('{"usage":{"a":1')).toBeUndefined();
  });
});
