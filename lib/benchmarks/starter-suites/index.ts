// The benchmark suites Tollgate ships, written as promptfoo YAML and loaded
// through the same import as a user's file, so they obey the same rules.
// Server-side only (reads the YAML files next to this module).
import { readFileSync } from "node:fs";
import type { SuiteDefinition } from "../suite-schema";
import { importPromptfooYaml } from "../promptfoo/import-promptfoo-yaml";

export interface StarterSuite {
  /** Stable key (BenchmarkSuite.starterKey): a re-seed updates the suite with this key in place. */
  key: string;
  name: string;
  description: string;
  definition: SuiteDefinition;
}

// Literal URLs so bundlers can see (and copy) the files.
const STARTER_FILES: { key: string; name: string; file: URL }[] = [
  { key: "classification", name: "Classification", file: new URL("./classification.yaml", import.meta.url) },
  { key: "extraction-json", name: "Extraction to JSON", file: new URL("./extraction-json.yaml", import.meta.url) },
  { key: "summarisation", name: "Short summarisation", file: new URL("./summarisation.yaml", import.meta.url) },
  { key: "arithmetic-reasoning", name: "Arithmetic and short reasoning", file: new URL("./arithmetic-reasoning.yaml", import.meta.url) },
  { key: "tool-calling", name: "Tool calling", file: new URL("./tool-calling.yaml", import.meta.url) },
  { key: "triage", name: "Support ticket triage", file: new URL("./triage.yaml", import.meta.url) },
];

export const STARTER_SUITE_KEYS: readonly string[] = STARTER_FILES.map((f) => f.key);

/** The promptfoo YAML a starter suite is written in (for "download as promptfoo"). */
export function readStarterSuiteYaml(key: string): string {
  const entry = STARTER_FILES.find((f) => f.key === key);
  if (!entry) throw new Error(`no starter suite "${key}"`);
  return readFileSync(entry.file, "utf8");
}

let loaded: StarterSuite[] | null = null;

/** Every starter suite, imported from its YAML. Throws if one does not import: that is a bug in the shipped files, caught by their test. */
export function loadStarterSuites(): StarterSuite[] {
  loaded ??= STARTER_FILES.map(({ key, name }) => {
    const result = importPromptfooYaml(readStarterSuiteYaml(key), { name });
    if (!result.ok) throw new Error(`starter suite ${key} does not import: ${result.errors.map((e) => `line ${e.line}: ${e.message}`).join("; ")}`);
    return { key, name, description: result.suite.description ?? name, definition: result.suite.definition };
  });
  return structuredClone(loaded);
}
