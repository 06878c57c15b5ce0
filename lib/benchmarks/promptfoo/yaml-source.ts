// The parsed YAML with its line numbers, and the list of import problems,
// each named by its line and its path in the file (tests[3].assert[0].type).
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";

export type YamlPath = (string | number)[];

export interface ImportIssue {
  line: number | null;
  path: string;
  message: string;
}

/** tests[3].assert[0].type */
export function formatYamlPath(path: YamlPath): string {
  return path.reduce<string>((out, part) => (typeof part === "number" ? `${out}[${part}]` : out === "" ? part : `${out}.${part}`), "");
}

export class YamlSource {
  private constructor(
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  static parse(text: string): YamlSource {
    const lines = new LineCounter();
    // merge: YAML 1.1 merge keys (<<: *defaults), which promptfoo (js-yaml) also reads.
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, strict: true, merge: true });
    return new YamlSource(doc, lines);
  }

  /** The 1-based line of the node at `path` (of its key, for a map entry); the nearest existing parent's line when it is absent. */
  lineOf(path: YamlPath): number | null {
    const lineAt = (node: unknown) => {
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      return range ? this.lines.linePos(range[0]).line : null;
    };
    let node: unknown = this.doc.contents;
    let line = lineAt(node);
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) break;
        line = lineAt(pair.key) ?? lineAt(pair.value) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof part === "number") {
        const item = node.items[part];
        if (!item) break;
        line = lineAt(item) ?? line;
        node = item;
      } else break;
    }
    return line;
  }

  /** Syntax errors and unsupported tags, each with its line. */
  syntaxIssues(): ImportIssue[] {
    return [...this.doc.errors, ...this.doc.warnings].map((e) => ({
      line: e.linePos?.[0]?.line ?? null,
      path: "",
      // prettyErrors appends " at line N, column M:" and a code excerpt; the line is reported separately.
      message: `YAML: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`,
    }));
  }
}

const MAX_ISSUES = 50;

export class ImportIssues {
  readonly list: ImportIssue[] = [];

  constructor(private readonly source: YamlSource | null) {}

  add(path: YamlPath, message: string) {
    if (this.list.length >= MAX_ISSUES) return;
    const issue = { line: this.source?.lineOf(path) ?? null, path: formatYamlPath(path), message };
    // A defaultTest assertion is part of every case: report its problem once, not once per case.
    if (this.list.some((i) => i.path === issue.path && i.message === issue.message)) return;
    this.list.push(issue);
  }

  push(...issues: ImportIssue[]) {
    for (const issue of issues) if (this.list.length < MAX_ISSUES) this.list.push(issue);
  }

  get any() {
    return this.list.length > 0;
  }

  get full() {
    return this.list.length >= MAX_ISSUES;
  }
}
