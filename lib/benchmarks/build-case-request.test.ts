import { describe, expect, it } from "vitest";
import { buildCaseRequest, renderTemplate } from "./build-case-request";
import { caseSchema } from "./suite-schema";

describe("renderTemplate", () => {
  it("fills {{var}} and {{ var }}, leaves unknown vars as written", () => {
    expect(renderTemplate("Hi {{name}}, {{ name }}! {{missing}}", { name: "Ada" })).toBe("Hi Ada, Ada! {{missing}}");
  });
  it("does not treat $ patterns in values specially", () => {
    expect(renderTemplate("x={{v}}", { v: "$& $1 $$" })).toBe("x=$& $1 $$");
  });
  it("ignores inherited properties", () => {
    expect(renderTemplate("{{constructor}}", {})).toBe("{{constructor}}");
  });
});

describe("buildCaseRequest", () => {
  it("renders messages and text parts, passes tools and limits", () => {
    const testCase = caseSchema.parse({
      id: "c1",
      messages: [
        { role: "system", content: "Classify {{kind}}" },
        { role: "user", content: [{ type: "text", text: "{{text}}" }, { type: "image_url", image_url: { url: "data:image/png;base64,AA==" } }] },
      ],
      vars: { kind: "sentiment", text: "great" },
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
      temperature: 0,
    });
    const body = buildCaseRequest(testCase, "m1", { maxTokens: 64 });
    expect(body).toMatchObject({
      model: "m1",
      max_tokens: 64,
      temperature: 0,
      messages: [{ role: "system", content: "Classify sentiment" }, { role: "user", content: [{ type: "text", text: "great" }, { type: "image_url" }] }],
      tools: [{ type: "function" }],
    });
    expect(body).not.toHaveProperty("response_format");
  });
});
