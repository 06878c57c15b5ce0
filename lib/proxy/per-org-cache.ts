// A per-org cache of something loaded from Postgres for the hot path: one
// load in flight per org however many requests wait, entries expire after
// a TTL, failed loads are not kept, and pub/sub handlers invalidate.
export class PerOrgCache<T> {
  private orgs = new Map<string, { value: Promise<T>; loadedAt: number }>();

  constructor(
    private readonly load: (orgId: string) => Promise<T>,
    private readonly ttlMs = 30_000,
  ) {}

  get(orgId: string): Promise<T> {
    const cached = this.orgs.get(orgId);
    if (cached && Date.now() - cached.loadedAt < this.ttlMs) return cached.value;
    const value = this.load(orgId);
    this.orgs.set(orgId, { value, loadedAt: Date.now() });
    value.catch(() => this.orgs.delete(orgId));
    return value;
  }

  invalidate(orgId?: string): void {
    if (orgId) this.orgs.delete(orgId);
    else this.orgs.clear();
  }
}
