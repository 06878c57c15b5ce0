// {{var}} substitution, the one piece of nunjucks Tollgate honours: promptfoo
// renders prompts and assertion values with nunjucks, where an undefined
// variable renders as "". Filters, tags ({% %}) and comments ({# #}) could run
// logic we do not evaluate, so they are reported as problems instead.

const NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
const VAR_REF = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Replaces each {{ name }} by vars[name] ("" when the case has no such var, as nunjucks does). */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  if (!template.includes("{{")) return template;
  return template.replace(VAR_REF, (_match, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : ""));
}

/** Renders strings and lists of strings (assertion values); other values (numbers, JSON schemas) are used as written. */
export function renderCheckValue(value: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof value === "string") return renderTemplate(value, vars);
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? renderTemplate(item, vars) : item));
  return value;
}

export interface TemplateScan {
  /** The variables referenced with {{ name }}, in order of first use. */
  variables: string[];
  /** Template syntax beyond plain {{ name }} substitution, described for the user. */
  problems: string[];
}

/** Finds the variables a template uses and any nunjucks syntax beyond plain substitution. */
export function scanTemplate(template: string): TemplateScan {
  const variables: string[] = [];
  const problems: string[] = [];
  if (template.includes("{%")) problems.push("nunjucks tags ({% ... %}) are not supported; only {{ name }} substitution is");
  if (template.includes("{#")) problems.push("nunjucks comments ({# ... #}) are not supported; only {{ name }} substitution is");
  let from = 0;
  while (problems.length < 5) {
    const open = template.indexOf("{{", from);
    if (open < 0) break;
    const close = template.indexOf("}}", open + 2);
    if (close < 0) {
      problems.push(`"{{" at character ${open + 1} is never closed with "}}"`);
      break;
    }
    const inner = template.slice(open + 2, close);
    const name = NAME.exec(inner)?.[1];
    if (name) {
      if (!variables.includes(name)) variables.push(name);
    } else {
      const shown = inner.length > 40 ? `${inner.slice(0, 40)}…` : inner;
      problems.push(`"{{${shown}}}" uses nunjucks features (filters, expressions, attribute access) beyond plain {{ name }} substitution`);
    }
    from = close + 2;
  }
  return { variables, problems };
}
