// One colour per model across the comparison charts (the same model, the same colour in each), from the theme's tokens, then a few fixed ones.
const COLORS = ["var(--accent)", "var(--premium)", "var(--economy)", "var(--mid)", "#0e7490", "#7c3aed", "var(--unknown)", "#be123c"];

export function modelColors(models: Iterable<string>): Record<string, string> {
  const sorted = [...new Set(models)].sort((a, b) => a.localeCompare(b));
  return Object.fromEntries(sorted.map((m, i) => [m, COLORS[i % COLORS.length]!]));
}
