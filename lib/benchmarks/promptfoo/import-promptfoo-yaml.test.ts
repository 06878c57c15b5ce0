import { describe, expect, it } from "vitest";
import { suiteDefinitionSchema } from "../suite-schema";
import { importPromptfooYaml, type PromptfooImport } from "./import-promptfoo-yaml";

const imported = (yaml: string, name?: string) => {
  const r = importPromptfooYaml(yaml, { name });
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r;
};
const errorsOf = (r: PromptfooImport) => (r.ok ? [] : r.errors.map((e) => `line ${e.line}: ${e.path ? `${e.path}: ` : ""}${e.message}`));

const basic = `description: Translation checks
prompts:
  - 'Translate to French: {{text}}'
providers:
  - openai:gpt-5-mini
defaultTest:
  vars:
    tone: formal
  assert:
    - type: not-icontains
      value: sorry
tests:
  - description: greeting
    vars:
      text: Hello
    assert:
      - type: icontains
        value: bonjour
  - vars:
      text: Thank you
      count: 3
    threshold: 0.5
    assert:
      - type: contains-any
        value: merci, remercie
        weight: 2
      - type: regex
        value: "^[A-Z]"
`;

describe("importPromptfooYaml", () => {
  it("turns prompts x tests into cases, merging defaultTest as promptfoo does", () => {
    const r = imported(basic);
    expect(r.suite.name).toBe("Translation checks");
    expect(r.suite.description).toBe("Translation checks");
    expect(r.suite.judgeModel).toBeNull();
    expect(r.warnings).toEqual([expect.stringMatching(/^providers is ignored/)]);
    const [first, second] = r.suite.definition.cases;
    expect(first).toEqual({
      id: "t01",
      description: "greeting",
      messages: [{ role: "user", content: "Translate to French: {{text}}" }],
      vars: { tone: "formal", text: "Hello" },
      checks: [
        { type: "not-icontains", value: "sorry", weight: 1 },
        { type: "icontains", value: "bonjour", weight: 1 },
      ],
    });
    expect(second).toMatchObject({ id: "t02", vars: { tone: "formal", text: "Thank you", count: "3" }, threshold: 0.5 });
    expect(second!.checks.map((c) => c.type)).toEqual(["not-icontains", "contains-any", "regex"]);
    expect(suiteDefinitionSchema.parse(r.suite.definition)).toEqual(r.suite.definition);
  });

  it("names cases p1-t01 ... with several prompts, honours a test's prompts filter and metadata.caseId", () => {
    const r = imported(`prompts:
  - raw: 'Short: {{q}}'
    label: short
  - raw: '[{"role": "system", "content": "Be precise."}, {"role": "user", "content": "{{q}}"}]'
    label: chat
    config:
      temperature: 0
      max_tokens: 64
tests:
  - vars: { q: a }
    assert: [{ type: contains, value: a }]
  - vars: { q: b }
    prompts: [chat]
    metadata: { caseId: only-chat }
    assert: [{ type: contains, value: b }]
`);
    expect(r.suite.definition.cases.map((c) => c.id)).toEqual(["p1-t01", "p2-t01", "only-chat"]);
    const chat = r.suite.definition.cases[2]!;
    expect(chat).toMatchObject({ temperature: 0, max_tokens: 64, messages: [{ role: "system", content: "Be precise." }, { role: "user", content: "{{q}}" }] });
    expect(r.suite.definition.cases[0]).not.toHaveProperty("temperature");
  });

  it("reads tools from a prompt's config and the judge model from defaultTest.options.provider", () => {
    const r = imported(`prompts:
  - label: tools
    raw: '{{request}}'
    config:
      tool_choice: auto
      tools:
        - type: function
          function:
            name: get_weather
            parameters: { type: object, properties: { city: { type: string } }, required: [city] }
defaultTest:
  options:
    provider: gpt-5-mini
tests:
  - vars: { request: Weather in Oslo? }
    assert:
      - type: is-valid-openai-tools-call
      - type: llm-rubric
        value: Asks for Oslo
  - vars: { request: Weather in Rome? }
    options: { provider: judge-b }
    assert:
      - type: llm-rubric
        value: Asks for Rome
      - type: contains-json
        value: |
          type: array
`);
    expect(r.suite.judgeModel).toBe("gpt-5-mini");
    const [a, b] = r.suite.definition.cases;
    expect(a!.tools?.[0]?.function.name).toBe("get_weather");
    expect(a!.tool_choice).toBe("auto");
    expect(a!.checks[1]).toEqual({ type: "llm-rubric", value: "Asks for Oslo", weight: 1 });
    expect(b!.checks[0]).toEqual({ type: "llm-rubric", value: "Asks for Rome", weight: 1, provider: "judge-b" });
    expect(b!.checks[1]).toEqual({ type: "contains-json", value: { type: "array" }, weight: 1 });
  });

  it("refuses code-running and unsupported assertions, naming the type and its line", () => {
    const r = importPromptfooYaml(`prompts: ['{{q}}']
tests:
  - vars: { q: x }
    assert:
      - type: contains
        value: x
      - type: javascript
        value: output.length > 3
      - type: similar
        value: y
      - type: not-cost
        threshold: 1
      - type: contains
        value: x
        transform: output.trim()
`);
    expect(errorsOf(r)).toEqual([
      'line 7: tests[0].assert[1].type: assertion type "javascript" is not supported (it would run arbitrary code)',
      expect.stringMatching(/^line 9: tests\[0\]\.assert\[2\]\.type: assertion type "similar" is not supported; supported types: equals, contains/),
      'line 11: tests[0].assert[3].type: assertion type "not-cost" is not supported (latency, cost and llm-rubric cannot be negated)',
      'line 15: tests[0].assert[4].transform: assertion field "transform" is not supported (it would run arbitrary code)',
    ]);
  });

  it("refuses file:// references, nunjucks beyond {{ var }}, unknown keys and var lists, with lines", () => {
    expect(errorsOf(importPromptfooYaml(`prompts:\n  - file://prompts/main.txt\ntests:\n  - vars:\n      doc: file://docs/a.txt\n`))).toEqual([
      "line 2: prompts[0]: file:// references are not supported (file://prompts/main.txt): write the content inline",
      "line 5: tests[0].vars.doc: file:// references are not supported (file://docs/a.txt): write the content inline",
    ]);
    expect(errorsOf(importPromptfooYaml(`prompts:\n  - 'Hi {{ name | upper }}{% if vip %}!{% endif %}'\ntests:\n  - vars: { name: a }\n`))).toEqual([
      expect.stringMatching(/^line 2: prompts\[0\]: prompt: nunjucks tags/),
      expect.stringMatching(/^line 2: prompts\[0\]: prompt: .*beyond plain \{\{ name \}\} substitution/),
    ]);
    expect(errorsOf(importPromptfooYaml(`prompts: ['{{q}}']\nnunjucksFilters:\n  up: file://f.js\nscenarios: []\ntests:\n  - vars: { q: [a, b] }\n    provider: openai:gpt-4o\n`))).toEqual([
      'line 2: nunjucksFilters: top-level key "nunjucksFilters" is not supported (it would run arbitrary code)',
      expect.stringMatching(/^line 4: scenarios: top-level key "scenarios" is not supported/),
    ]);
    expect(errorsOf(importPromptfooYaml(`prompts: ['{{q}}']\ntests:\n  - vars: { q: [a, b] }\n    provider: openai:gpt-4o\n`))).toEqual([
      'line 3: tests[0].vars.q: var "q" is a list: promptfoo would run the test once per value; write one test per value instead',
      'line 4: tests[0].provider: test field "provider" is not supported (targets are chosen when a benchmark runs)',
    ]);
    expect(errorsOf(importPromptfooYaml(`prompts: ['{{q}}']\ntests: file://tests.csv\n`))).toEqual(["line 2: tests: file:// references are not supported (file://tests.csv): write the content inline"]);
    expect(errorsOf(importPromptfooYaml(`prompts: ['{{q}}']\ntests: huggingface://datasets/x\n`))).toEqual([expect.stringMatching(/^line 2: tests: tests must be written inline as a list/)]);
  });

  it("reports YAML syntax errors, duplicate keys, unsupported tags and alias bombs with their line", () => {
    const syntax = errorsOf(importPromptfooYaml("prompts: ['{{q}}']\ntests:\n  - vars: { q: [a\n"));
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0]).toMatch(/^line 4: YAML: Flow sequence/);
    expect(errorsOf(importPromptfooYaml("prompts: [a]\nprompts: [b]\ntests: []\n"))).toEqual([expect.stringMatching(/^line 2: YAML: Map keys must be unique/)]);
    expect(errorsOf(importPromptfooYaml("prompts: [!!js/function 'x']\ntests: []\n"))).toEqual([expect.stringMatching(/^line 1: YAML: Unresolved tag/)]);
    const bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
    expect(errorsOf(importPromptfooYaml(bomb))).toEqual([expect.stringMatching(/resource exhaustion/)]);
    // Few aliases, each of a big anchor: within the alias limit, but the expanded suite is capped.
    const wide = `big: &big "${"x".repeat(200_000)}"\nlist: [${Array.from({ length: 40 }, () => "*big").join(", ")}]\n`;
    expect(errorsOf(importPromptfooYaml(wide))).toEqual([expect.stringMatching(/expands .* to more than 5 MB/)]);
    expect(errorsOf(importPromptfooYaml("- just\n- a list\n"))).toEqual(["line 1: a promptfoo config must be a map with prompts and tests"]);
  });

  it("maps schema and check-validation errors back to the YAML field and line", () => {
    const r = importPromptfooYaml(`prompts: ['{{q}}']
tests:
  - vars: { q: x }
    threshold: 2
    assert:
      - type: regex
        value: (a)\\1
      - type: contains-json
        value: { type: objekt }
      - type: latency
      - type: llm-rubric
        value: Polite
  - vars: { "bad-name": x }
    metadata: { caseId: "has space" }
`);
    expect(errorsOf(r)).toEqual([
      expect.stringMatching(/^line 4: tests\[0\]\.threshold: /),
      expect.stringMatching(/^line 13: tests\[1\]\.vars\.bad-name: /),
      expect.stringMatching(/^line 14: tests\[1\]\.metadata\.caseId: 1-100 letters/),
    ]);
    const checks = importPromptfooYaml(`prompts: ['{{q}}']
tests:
  - vars: { q: x }
    assert:
      - type: regex
        value: (a)\\1
      - type: contains-json
        value: { type: objekt }
      - type: latency
      - type: llm-rubric
        value: Polite
`);
    expect(errorsOf(checks)).toEqual([
      expect.stringMatching(/^line 6: tests\[0\]\.assert\[0\]\.value: not supported by the linear-time regex engine/),
      expect.stringMatching(/^line 8: tests\[0\]\.assert\[1\]\.value: contains-json schema: invalid JSON schema/),
      "line 9: tests[0].assert[2].threshold: latency needs a threshold (maximum milliseconds)",
      "line 10: tests[0].assert[3].provider: llm-rubric needs a judge model: set the check's provider or the suite's judge model",
    ]);
  });

  it("reports a problem in a defaultTest assertion once, not once per case", () => {
    const r = importPromptfooYaml("prompts: ['{{q}}']\ndefaultTest:\n  assert:\n    - type: regex\n      value: '(?=x)'\ntests:\n  - vars: { q: a }\n  - vars: { q: b }\n");
    expect(errorsOf(r)).toEqual([expect.stringMatching(/^line 5: defaultTest\.assert\[0\]\.value: not supported by the linear-time regex engine/)]);
  });

  it("refuses input over 1 MB and more cases than the schema allows", () => {
    expect(errorsOf(importPromptfooYaml("#".repeat(1_000_001)))).toEqual([expect.stringMatching(/limit is 1 MB/)]);
    const tests = Array.from({ length: 1001 }, (_, i) => `  - vars: { q: "${i}" }`).join("\n");
    expect(errorsOf(importPromptfooYaml(`prompts: ['a {{q}}', 'b {{q}}']\ntests:\n${tests}\n`))).toEqual([expect.stringMatching(/2 prompts x 1001 tests make 2002 cases; the limit is 2000/)]);
    expect(errorsOf(importPromptfooYaml("prompts: ['x']\ntests:\n  - vars: { q: \"a\u0000b\" }\n"))).toEqual(["line 3: the YAML contains a NUL byte"]);
  });

  it("warns about prompt vars a test does not define, and needs prompts and tests", () => {
    const r = imported("prompts: ['{{q}} {{extra}}']\ntests:\n  - vars: { q: x }\n    assert: [{ type: contains, value: x }]\n");
    expect(r.warnings).toEqual(["tests[0] does not define {{extra}}, which prompt 1 uses; it renders as empty text"]);
    expect(errorsOf(importPromptfooYaml("description: nothing\n"))).toEqual([
      "line 1: prompts is required: the prompt templates each test's vars fill in",
      "line 1: tests is required: each test's vars and assertions become benchmark cases",
    ]);
  });

  it("uses the given name over the description", () => {
    expect(imported(basic, "My suite").suite.name).toBe("My suite");
  });
});
