import { describe, expect, it } from "vitest";
import { renderCheckValue, renderTemplate, scanTemplate } from "./render-template";

describe("renderTemplate", () => {
  it("substitutes {{ name }} with or without spaces, and undefined vars with an empty string", () => {
    expect(renderTemplate("Hi {{name}}, {{ greeting }}!{{missing}}", { name: "Ada", greeting: "welcome" })).toBe("Hi Ada, welcome!");
  });

  it("inserts values literally ($ patterns, braces) and never reads inherited properties", () => {
    expect(renderTemplate("{{a}}", { a: "$& $1 {{b}}" })).toBe("$& $1 {{b}}");
    expect(renderTemplate("[{{constructor}}][{{__proto__}}]", {})).toBe("[][]");
  });

  it("renders strings and string lists but leaves schemas and numbers alone", () => {
    expect(renderCheckValue(["{{x}}", 3], { x: "y" })).toEqual(["y", 3]);
    const schema = { type: "string", const: "{{x}}" };
    expect(renderCheckValue(schema, { x: "y" })).toBe(schema);
  });
});

describe("scanTemplate", () => {
  it("lists the variables used", () => {
    expect(scanTemplate("{{a}} and {{ b }} and {{a}}")).toEqual({ variables: ["a", "b"], problems: [] });
  });

  it("reports filters, expressions, tags, comments and unclosed braces", () => {
    expect(scanTemplate("{{ name | upper }}").problems[0]).toMatch(/beyond plain/);
    expect(scanTemplate("{{ user.name }}").problems[0]).toMatch(/beyond plain/);
    expect(scanTemplate("{% if x %}y{% endif %}").problems[0]).toMatch(/tags/);
    expect(scanTemplate("{# note #}").problems[0]).toMatch(/comments/);
    expect(scanTemplate("text {{ name").problems[0]).toMatch(/never closed/);
  });
});
