import { describe, expect, it } from "vitest";
import { rewriteRequestBody } from "./rewrite-request-body";

const rewrite = (body: string, changes: Parameters<typeof rewriteRequestBody>[1]) => {
  const out = rewriteRequestBody(Buffer.from(body), changes);
  return out && out.toString();
};

describe("rewriteRequestBody", () => {
  const bodies = [
    '{"model":"gpt-5-mini","messages":[{"role":"user","content":"hi"}],"stream":true}',
    ` { "messages" : ${JSON.stringify([{ role: "user", content: 'say "model": \\"x\\" {[ \\' }])} , "model" : "gpt-5-mini" , "user":"u" } `,
    '{"metadata":{"model":"inner","stream_options":{"a":1}},"model":"gpt-5-mini","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"model":{"type":"string"}}}}}]}',
    '{"model":"gpt-5-mini","messages":[{"role":"user","content":"ünïcødé ✓ \\u00e9"}]}',
  ];

  it("sends what re-serialising the rewritten body would send, key order aside", () => {
    for (const body of bodies) {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      for (const changes of [{ model: "gpt-5-mini-2026-01-01" }, { addIncludeUsage: true }, { model: 'we"ird\\name', addIncludeUsage: true }]) {
        const expected: Record<string, unknown> = { ...parsed, ...(changes.model ? { model: changes.model } : {}) };
        if (changes.addIncludeUsage) expected.stream_options = { include_usage: true };
        const out = rewrite(body, changes);
        expect(out).not.toBeNull();
        expect(JSON.parse(out!)).toEqual(expected);
      }
    }
  });

  it("leaves the rest of the client's bytes as they were", () => {
    expect(rewrite('{"model":"a", "messages":[ ]}', { model: "b" })).toBe('{"model":"b", "messages":[ ]}');
    expect(rewrite('{"model":"a"}', { addIncludeUsage: true })).toBe('{"stream_options":{"include_usage":true},"model":"a"}');
  });

  it("hands back what it cannot splice safely", () => {
    // An escaped key may spell "model"; a repeated one leaves JSON's last-wins to the upstream's parser.
    expect(rewrite('{"mod\\u0065l":"a","messages":[]}', { model: "b" })).toBeNull();
    expect(rewrite('{"model":"a","model":"c"}', { model: "b" })).toBeNull();
    // The client's own stream_options are merged by re-serialising.
    expect(rewrite('{"model":"a","stream_options":{"include_usage":false}}', { addIncludeUsage: true })).toBeNull();
    expect(rewrite('{"messages":[]}', { model: "b" })).toBeNull();
    expect(rewrite('[{"model":"a"}]', { model: "b" })).toBeNull();
  });
});
