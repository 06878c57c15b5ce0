// Reads the `usage` object out of a JSON response body without parsing the
// whole body: completions can be large, usage is small and comes last.
export function findUsageJson(text: string): unknown {
  const at = text.lastIndexOf('"usage"');
  if (at < 0) return undefined;
  const start = text.indexOf("{", at);
  if (start < 0 || text.slice(at + 7, start).trim() !== ":") return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123) depth++;
    else if (ch === 125 && --depth === 0) {
      try {
        return { usage: JSON.parse(text.slice(start, i + 1)) };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
