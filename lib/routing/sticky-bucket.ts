// Which of 100 buckets a caller falls in for one rule's split: the same user
// (or session) lands in the same bucket on every proxy instance and after
// every restart, and different rules bucket independently (the rule id salts
// the hash), so two splits do not send the same users to their first arms.
// FNV-1a over the UTF-8 bytes, then murmur3's finaliser so the low bits
// (what % 100 reads) are mixed as well as the high ones.
const encoder = new TextEncoder();

export function stickyBucket(ruleId: string, key: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(`${ruleId}\u0000${key}`)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % 100;
}
