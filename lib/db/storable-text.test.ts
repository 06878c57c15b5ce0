import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isStorableText, storableText } from "./storable-text";

describe("storableText", () => {
  it("replaces NUL and lone surrogates", () => {
    expect(storableText("a\u0000b")).toBe("a\uFFFDb");
    expect(storableText("\ud800")).toBe("\uFFFD");
    expect(storableText("x\udc00y")).toBe("x\uFFFDy");
    expect(storableText("ok 😀")).toBe("ok 😀");
  });

  it("bounds the length without cutting a surrogate pair", () => {
    expect(storableText("abcdef", 3)).toBe("abc");
    // "😀" is two UTF-16 units: a cut between them would leave a lone high surrogate.
    expect(storableText("ab😀", 3)).toBe("ab");
    expect(storableText("ab😀", 4)).toBe("ab😀");
  });

  it("always returns storable text within the bound, for any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.integer({ min: 0, max: 50 }), (s, max) => {
        const out = storableText(s, max);
        expect(isStorableText(out)).toBe(true);
        expect(out.length).toBeLessThanOrEqual(max);
        // Postgres' jsonb rejects what JSON.stringify escapes as \u0000 or a lone \udXXX.
        expect(JSON.stringify(out)).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i);
      }),
    );
  });

  it("recognises what Postgres cannot store", () => {
    expect(isStorableText("fine")).toBe(true);
    expect(isStorableText("\u0000")).toBe(false);
    expect(isStorableText("\ud83d")).toBe(false);
  });
});
