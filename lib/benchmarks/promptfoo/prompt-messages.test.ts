import { describe, expect, it } from "vitest";
import { messagesFromPromptText, promptTextFromMessages } from "./prompt-messages";

describe("messagesFromPromptText", () => {
  it("reads plain text as one user message, kept as written", () => {
    expect(messagesFromPromptText("Translate to French: {{text}}\n")).toEqual({ ok: true, messages: [{ role: "user", content: "Translate to French: {{text}}\n" }] });
    expect(messagesFromPromptText("[INST] hello [/INST]")).toEqual({ ok: true, messages: [{ role: "user", content: "[INST] hello [/INST]" }] });
  });

  it("reads JSON and YAML chat prompts", () => {
    const json = '[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "{{question}}"}]';
    expect(messagesFromPromptText(json)).toEqual({ ok: true, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "{{question}}" }] });
    expect(messagesFromPromptText("- role: system\n  content: Be brief.\n- role: user\n  content: '{{question}}'\n")).toEqual({ ok: true, messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "{{question}}" }] });
  });

  it("explains chat prompts it cannot read", () => {
    expect(messagesFromPromptText('[{"role": "user", "content": {{question}}}]')).toEqual({ ok: false, reason: expect.stringMatching(/not valid JSON.*inside JSON strings/) });
    expect(messagesFromPromptText('[{"role": "robot", "content": "x"}]')).toEqual({ ok: false, reason: expect.stringMatching(/^message 1 of the JSON chat prompt: role/) });
    expect(messagesFromPromptText("   ")).toEqual({ ok: false, reason: "the prompt is empty" });
  });
});

describe("promptTextFromMessages", () => {
  it("writes a lone user message as plain text and anything else as a JSON chat that reads back equal", () => {
    expect(promptTextFromMessages([{ role: "user", content: "Hi {{name}}" }])).toBe("Hi {{name}}");
    const chats = [
      [{ role: "system" as const, content: "Be brief." }, { role: "user" as const, content: "{{q}}" }],
      [{ role: "user" as const, content: '[{"role": "user", "content": "x"}]' }], // would read back as a chat if written plain
      [{ role: "user" as const, content: [{ type: "text" as const, text: "Describe" }, { type: "image_url" as const, image_url: { url: "https://example.com/a.png" } }] }],
    ];
    for (const messages of chats) {
      const text = promptTextFromMessages(messages);
      expect(text.startsWith("[")).toBe(true);
      expect(messagesFromPromptText(text)).toEqual({ ok: true, messages });
    }
  });
});
