import { describe, expect, it } from "vitest";
import { buildCaseRequest } from "./build-case-request";
import { caseSchema } from "./suite-schema";

describe("buildCaseRequest", () => {
  it("renders messages and text parts, passes tools and limits", () => {
    const testCase = caseSchema.parse({
      id: "c1",
      messages: [
        { role: "system", content: "Classify {{kind}}" },
        { role: "user", content: [{ type: "text", text: "{{text}}" }, { type: "image_url", image_url: { url: "data:image/png;base64,AA==" } }] },
      ],
      vars: { kind: "sentiment", text: "great $& {{kind}}" },
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
      temperature: 0,
    });
    const body = buildCaseRequest(testCase, "m1", { maxTokens: 64 });
    expect(body).toMatchObject({
      model: "m1",
      max_tokens: 64,
      temperature: 0,
      messages: [{ role: "system", content: "Classify sentiment" }, { role: "user", content: [{ type: "text", text: "great $& {{kind}}" }, { type: "image_url" }] }],
      tools: [{ type: "function" }],
    });
    expect(body).not.toHaveProperty("response_format");
  });
});
