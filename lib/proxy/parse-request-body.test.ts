import { describe, expect, it } from "vitest";
import { jsonDepthExceeds, MAX_JSON_DEPTH, parseRequestBody } from "./parse-request-body";
import { ProxyError } from "./proxy-error";

const nested = (depth: number) => `{"model":"m","messages":[{"role":"user","content":${"[".repeat(depth - 3)}"x"${"]".repeat(depth - 3)}}]}`;

describe("parseRequestBody", () => {
  it("measures nesting depth, ignoring brackets inside strings and escaped quotes", () => {
    const b = (s: string) => Buffer.from(s);
    expect(jsonDepthExceeds(b("{}"), 1)).toBe(false);
    expect(jsonDepthExceeds(b('{"a":[]}'), 1)).toBe(true);
    expect(jsonDepthExceeds(b('{"a":"[[[[{{{{"}'), 1)).toBe(false);
    expect(jsonDepthExceeds(b('{"a":"x\\"[[[[","b":"\\\\"}'), 1)).toBe(false);
    expect(jsonDepthExceeds(b('[{"a":"\\\\"},[[]]]'), 2)).toBe(true);
    expect(jsonDepthExceeds(b("[[],[],[]]"), 2)).toBe(false);
  });

  it("accepts the deepest allowed body and refuses one level more (and 10,000) with a 400", () => {
    expect(parseRequestBody(Buffer.from(nested(MAX_JSON_DEPTH))).model).toBe("m");
    for (const depth of [MAX_JSON_DEPTH + 1, 10_000]) {
      let error: unknown;
      try {
        parseRequestBody(Buffer.from(nested(depth)));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProxyError);
      expect(error).toMatchObject({ status: 400, code: "json_too_deep" });
    }
  });
});
