import { describe, expect, it, vi } from "vitest";
import { estimateInputTokens } from "../proxy/estimate-tokens";
import { describeRouteRequest, MAX_STICKY_KEY_CHARS, routeEndpointForPath } from "./describe-route-request";

// Counts the tokenizer's calls (the real one answers).
vi.mock("../proxy/estimate-tokens", async (original) => {
  const real = await original<typeof import("../proxy/estimate-tokens")>();
  return { ...real, estimateInputTokens: vi.fn(real.estimateInputTokens) };
});

const ctx = { requestId: "r1", projectId: "p", apiKeyId: "k", tags: ["t"], endpoint: "chat.completions" as const };

describe("describeRouteRequest", () => {
  it("reads model, size, output asked for, needs, stream and user from a chat body", () => {
    const body = {
      model: "auto", stream: true, user: "alice", max_completion_tokens: 800, max_tokens: 5,
      messages: [{ role: "user", content: [{ type: "text", text: "What is in this picture?" }, { type: "image_url", image_url: { url: "data:," } }] }],
      tools: [{ type: "function", function: { name: "lookup" } }], response_format: { type: "json_schema", json_schema: { name: "x", schema: {} } },
    };
    const r = describeRouteRequest(body, { ...ctx, sessionId: "s-9" });
    expect(r).toMatchObject({ model: "auto", requestedOutputTokens: 800, needs: { tools: true, images: true, jsonMode: true }, stream: true, user: "alice", sessionId: "s-9", tags: ["t"] });
    expect(r.estimatedInputTokens).toBeGreaterThan(1536); // the image alone counts 1,536
    expect(typeof r.complexity === "function" ? r.complexity() : r.complexity).toBe("simple");
  });

  it("reads the Responses API's shapes and takes the caller's token count as given", () => {
    const body = { model: "m", input: [{ role: "user", content: [{ type: "input_image", image_url: "x" }] }], text: { format: { type: "json_object" } }, max_output_tokens: 64 };
    expect(describeRouteRequest(body, { ...ctx, endpoint: "responses", estimatedInputTokens: 7 })).toMatchObject({
      estimatedInputTokens: 7, requestedOutputTokens: 64, needs: { tools: false, images: true, jsonMode: true }, stream: false,
    });
  });

  it("treats careless values as absent", () => {
    const r = describeRouteRequest({ model: 42, max_tokens: -1, max_completion_tokens: 1.5, user: "", tools: [], response_format: "json", text: "hi", stream: "yes" }, ctx);
    expect(r).toMatchObject({ model: "", requestedOutputTokens: null, user: null, needs: { tools: false, images: false, jsonMode: false }, stream: false });
    expect(describeRouteRequest({ model: "e", input: "x", stream: true }, { ...ctx, endpoint: "embeddings" }).stream).toBe(false);
    expect(describeRouteRequest({ model: "m", user: "u".repeat(10_000) }, ctx).user).toHaveLength(MAX_STICKY_KEY_CHARS);
  });

  it("maps the proxy's paths to rule endpoints", () => {
    expect(routeEndpointForPath("/chat/completions")).toBe("chat.completions");
    expect(routeEndpointForPath("/embeddings")).toBe("embeddings");
    expect(routeEndpointForPath("/models")).toBeNull();
    expect(routeEndpointForPath("__proto__")).toBeNull();
  });

  it("counts the prompt only when the estimate is read, once, and not at all when the caller knows it", () => {
    const counter = vi.mocked(estimateInputTokens);
    counter.mockClear();
    const body = { model: "m", messages: [{ role: "user", content: "hello there" }] };
    const r = describeRouteRequest(body, ctx);
    expect(counter).not.toHaveBeenCalled();
    expect(r.estimatedInputTokens).toBeGreaterThan(0);
    expect(r.estimatedInputTokens).toBe(r.estimatedInputTokens);
    expect(counter).toHaveBeenCalledTimes(1);
    expect(describeRouteRequest(body, { ...ctx, estimatedInputTokens: 3, inputTokensUpperBound: 9 })).toMatchObject({ estimatedInputTokens: 3, inputTokensUpperBound: 9 });
    expect(counter).toHaveBeenCalledTimes(1);
    expect("inputTokensUpperBound" in r).toBe(false);
  });
});

