import { describe, expect, it } from "vitest";
import { arrayElement, integerElement, textArrayLiteral } from "./pg-array-literal";

describe("Postgres array literals", () => {
  it("quote every text element, escaping only backslash and double quote", () => {
    expect(arrayElement("plain")).toBe('"plain"');
    expect(arrayElement('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
    // Inside quotes these are literal text, not syntax.
    expect(arrayElement("NULL")).toBe('"NULL"');
    expect(arrayElement("a,b{c}\n d")).toBe('"a,b{c}\n d"');
    expect(arrayElement("")).toBe('""');
    expect(arrayElement(null)).toBe("NULL");
  });

  it("write integers bare and null as NULL", () => {
    expect(integerElement(0)).toBe("0");
    expect(integerElement(2147483647)).toBe("2147483647");
    expect(integerElement(null)).toBe("NULL");
  });

  it("build a one-dimensional text[] literal", () => {
    expect(textArrayLiteral([])).toBe("{}");
    expect(textArrayLiteral(["a", null, 'x"y'])).toBe('{"a",NULL,"x\\"y"}');
  });
});
