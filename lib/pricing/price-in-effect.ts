/** The price version in effect at `at`: the latest effectiveFrom not after it (versions sorted ascending). */
export function priceInEffect<T extends { effectiveFrom: Date }>(versions: readonly T[] | undefined, at: Date): T | undefined {
  let found: T | undefined;
  for (const v of versions ?? []) {
    if (v.effectiveFrom > at) break;
    found = v;
  }
  return found;
}
