import { describe, expect, it } from "vitest";
import { evaluateCase } from "../checks/evaluate-case";
import { validateSuiteChecks } from "../checks/validate-suite-checks";
import { toPromptfooYaml } from "../promptfoo/export-promptfoo-yaml";
import { importPromptfooYaml } from "../promptfoo/import-promptfoo-yaml";
import { suiteDefinitionSchema, type SuiteCase } from "../suite-schema";
import { STARTER_SUITE_KEYS, loadStarterSuites, readStarterSuiteYaml } from "./index";

const suites = loadStarterSuites();
const suite = (key: string) => suites.find((s) => s.key === key)!;

describe("starter suites", () => {
  it("ships the six task suites, each with a name and description", () => {
    expect(suites.map((s) => s.key)).toEqual(["classification", "extraction-json", "summarisation", "arithmetic-reasoning", "tool-calling", "triage"]);
    expect(STARTER_SUITE_KEYS).toEqual(suites.map((s) => s.key));
    for (const s of suites) {
      expect(s.name.length, s.key).toBeGreaterThan(3);
      expect(s.description.length, s.key).toBeGreaterThan(40);
    }
  });

  it.each(STARTER_SUITE_KEYS)("%s imports without errors or warnings, with at least 20 cases of at least one check", (key) => {
    const result = importPromptfooYaml(readStarterSuiteYaml(key));
    expect(result.ok && result.warnings).toEqual([]);
    const { definition } = suite(key);
    expect(suiteDefinitionSchema.parse(definition)).toEqual(definition);
    expect(validateSuiteChecks(definition)).toEqual([]);
    expect(definition.cases.length).toBeGreaterThanOrEqual(20);
    for (const c of definition.cases) expect(c.checks.length, c.id).toBeGreaterThanOrEqual(1);
  });

  it.each(STARTER_SUITE_KEYS)("%s exports to promptfoo YAML that imports back to an equal definition", (key) => {
    const s = suite(key);
    const back = importPromptfooYaml(toPromptfooYaml(s));
    expect(back.ok && back.suite.definition).toEqual(s.definition);
  });

  it("returns copies, so a caller cannot change the shipped suites", () => {
    loadStarterSuites()[0]!.definition.cases.length = 0;
    expect(loadStarterSuites()[0]!.definition.cases.length).toBeGreaterThanOrEqual(20);
  });

  it("writes its JSON schemas with known keywords only (a stray YAML comma would add a bogus one)", () => {
    const KEYWORDS = new Set(["type", "required", "properties", "additionalProperties", "enum", "const", "pattern", "format", "minimum", "maximum", "items", "description"]);
    const unknown: string[] = [];
    const walk = (schema: unknown, where: string) => {
      if (typeof schema !== "object" || schema === null) return;
      for (const [k, v] of Object.entries(schema)) {
        if (!KEYWORDS.has(k)) unknown.push(`${where}: ${k}`);
        if (k === "properties") for (const [name, sub] of Object.entries(v as object)) walk(sub, `${where}.${name}`);
      }
    };
    for (const s of suites)
      for (const c of s.definition.cases) {
        c.checks.filter((ch) => ch.type.endsWith("json")).forEach((ch, i) => walk(ch.value, `${s.key}/${c.id}/check ${i}`));
        c.tools?.forEach((t) => walk(t.function.parameters, `${s.key}/${c.id}/${t.function.name}`));
      }
    expect(unknown).toEqual([]);
  });
});

// The reference answers in each suite must pass its checks, and plausible wrong answers must not:
// otherwise a suite measures its own mistakes.
const grade = (c: SuiteCase, output: string, toolCalls?: unknown[]) => evaluateCase(c, { output, toolCalls });

describe("classification", () => {
  it("passes the bare label with full score and fails the other labels", async () => {
    for (const c of suite("classification").definition.cases) {
      expect(await grade(c, c.vars.label!), c.id).toMatchObject({ passed: true, score: 1 });
      expect((await grade(c, `The label is ${c.vars.label!.toUpperCase()}.`)).passed, c.id).toBe(true);
      for (const other of c.vars.labels!.split(", ").filter((l) => l !== c.vars.label)) expect((await grade(c, other)).passed, `${c.id} ${other}`).toBe(false);
      expect((await grade(c, `After careful thought, I believe the best label here is ${c.vars.label}.`)).passed, c.id).toBe(false);
    }
  });
});

describe("extraction-json", () => {
  it("passes each reference answer, bare or fenced, and fails a wrong value or a missing key", async () => {
    for (const c of suite("extraction-json").definition.cases) {
      const expected = c.vars.expected!;
      expect(await grade(c, expected), c.id).toMatchObject({ passed: true, score: 1 });
      expect(await grade(c, `Here is the JSON:\n\`\`\`json\n${expected}\n\`\`\``), c.id).toMatchObject({ passed: true, score: 0.8 });
      const value = JSON.parse(expected) as Record<string, unknown>;
      const [firstKey] = Object.keys(value);
      expect((await grade(c, JSON.stringify({ ...value, [firstKey!]: 12345 }))).passed, c.id).toBe(false);
      const { [firstKey!]: _dropped, ...missing } = value;
      expect((await grade(c, JSON.stringify(missing))).passed, c.id).toBe(false);
    }
  });
});

describe("summarisation", () => {
  it("passes each reference summary (at most 30 words) and fails vague, padded or long answers", async () => {
    for (const c of suite("summarisation").definition.cases) {
      const reference = c.vars.reference!;
      expect(reference.split(/\s+/).length, c.id).toBeLessThanOrEqual(30);
      expect(await grade(c, reference), c.id).toMatchObject({ passed: true, score: 1 });
      expect((await grade(c, `Sure! ${reference}`)).passed, c.id).toBe(false);
      expect((await grade(c, "The text describes a recent local event and its consequences.")).passed, c.id).toBe(false);
      expect((await grade(c, `${reference} ${c.vars.text}`)).passed, c.id).toBe(false); // over 40 words
    }
  });
});

// Exact arithmetic on fractions (BigInt), for + - * / and parentheses.
function evaluateExpression(source: string): { n: bigint; d: bigint } {
  const tokens = source.match(/\d+|[-+*/()]/g) ?? [];
  expect(tokens.join(""), source).toBe(source.replace(/\s+/g, ""));
  let at = 0;
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const make = (n: bigint, d: bigint) => {
    if (d === 0n) throw new Error(`division by zero in ${source}`);
    const g = gcd(n, d) * (d < 0n ? -1n : 1n);
    return { n: n / g, d: d / g };
  };
  const primary = (): { n: bigint; d: bigint } => {
    const t = tokens[at++];
    if (t === "(") {
      const v = sum();
      expect(tokens[at++], source).toBe(")");
      return v;
    }
    if (t === "-") {
      const v = primary();
      return make(-v.n, v.d);
    }
    if (!t || !/^\d+$/.test(t)) throw new Error(`unexpected ${t} in ${source}`);
    return make(BigInt(t), 1n);
  };
  const product = () => {
    let v = primary();
    while (tokens[at] === "*" || tokens[at] === "/") {
      const op = tokens[at++];
      const r = primary();
      v = op === "*" ? make(v.n * r.n, v.d * r.d) : make(v.n * r.d, v.d * r.n);
    }
    return v;
  };
  const sum = () => {
    let v = product();
    while (tokens[at] === "+" || tokens[at] === "-") {
      const op = tokens[at++];
      const r = product();
      v = op === "+" ? make(v.n * r.d + r.n * v.d, v.d * r.d) : make(v.n * r.d - r.n * v.d, v.d * r.d);
    }
    return v;
  };
  const result = sum();
  expect(at, source).toBe(tokens.length);
  return result;
}

describe("arithmetic-reasoning", () => {
  it("has expected answers that are exactly what the problem's arithmetic gives", () => {
    expect(evaluateExpression("(41 + 15) / 2")).toEqual({ n: 28n, d: 1n });
    expect(evaluateExpression("7 / 2")).toEqual({ n: 7n, d: 2n });
    for (const c of suite("arithmetic-reasoning").definition.cases) {
      const { question, expression, answer } = c.vars;
      const value = evaluateExpression(expression!);
      expect(value.d, `${c.id}: ${expression} is not a whole number`).toBe(1n);
      expect(value.n.toString(), `${c.id}: ${question}`).toBe(answer);
      // Every number the computation uses is stated in the problem (thousands separators aside).
      const stated = new Set(question!.replace(/(\d),(\d{3})/g, "$1$2").match(/\d+/g));
      for (const n of expression!.match(/\d+/g)!) expect(stated.has(n), `${c.id}: ${n} is not in "${question}"`).toBe(true);
    }
  });

  it("passes a worked answer ending in the right number and fails near misses", async () => {
    for (const c of suite("arithmetic-reasoning").definition.cases) {
      const answer = c.vars.answer!;
      expect(await grade(c, `Working it out step by step.\nAnswer: ${answer}`), c.id).toMatchObject({ passed: true, score: 1 });
      expect((await grade(c, `Answer: **${answer}**.\n`)).passed, c.id).toBe(true);
      const off = (BigInt(answer) + 1n).toString();
      expect((await grade(c, `Answer: ${off}`)).passed, c.id).toBe(false);
      expect((await grade(c, `Answer: ${answer}0`)).passed, c.id).toBe(false);
      expect((await grade(c, `Answer: 1${answer.replace("-", "")}`)).passed, c.id).toBe(false);
      expect((await grade(c, `The answer is ${answer}, I think.`)).passed, c.id).toBe(false);
    }
  });
});

describe("tool-calling", () => {
  const call = (name: string, args: string) => [{ id: "call_1", type: "function", function: { name, arguments: args } }];

  it("passes each reference call and fails the wrong tool, invalid arguments or a prose answer", async () => {
    const cases = suite("tool-calling").definition.cases;
    const tools = new Set(cases[0]!.tools!.map((t) => t.function.name));
    expect(tools.size).toBe(6);
    for (const c of cases) {
      const { tool, expected_arguments: args } = c.vars;
      expect(tools.has(tool!), c.id).toBe(true);
      expect(await grade(c, "", call(tool!, args!)), c.id).toMatchObject({ passed: true, score: 1 });
      const otherTool = [...tools].find((t) => t !== tool)!;
      expect((await grade(c, "", call(otherTool, args!))).passed, c.id).toBe(false);
      expect((await grade(c, "", call(tool!, args!.slice(0, -1)))).passed, c.id).toBe(false);
      expect((await grade(c, `I would call ${tool} with ${args}`)).passed, c.id).toBe(false);
    }
  });
});

describe("triage", () => {
  it("passes the reference routing, scores a wrong priority lower, and fails a wrong team", async () => {
    for (const c of suite("triage").definition.cases) {
      const expected = JSON.parse(c.vars.expected!) as { team: string; priority: string };
      expect(await grade(c, c.vars.expected!), c.id).toMatchObject({ passed: true, score: 1 });
      const otherPriority = ["urgent", "high", "normal", "low"].find((p) => p !== expected.priority)!;
      expect(await grade(c, JSON.stringify({ ...expected, priority: otherPriority })), c.id).toMatchObject({ passed: true, score: 0.75 });
      const otherTeam = ["billing", "technical", "account", "sales"].find((t) => t !== expected.team)!;
      expect((await grade(c, JSON.stringify({ ...expected, team: otherTeam }))).passed, c.id).toBe(false);
      expect((await grade(c, `Route to ${expected.team}, priority ${expected.priority}.`)).passed, c.id).toBe(false);
    }
  });
});
