// API key lookup for the hot path: sha256 of the presented key, then an
// in-memory cache. Revocations and changes (fixed tags) are broadcast on
// Redis pub/sub and dropped from every instance's cache at once; after a
// pub/sub reconnect the whole cache is dropped (a message may have been
// missed). Entries also expire, so even a lost broadcast is bounded by the TTL.
import type { LastUsedRecorder } from "../access/last-used-recorder";
import type { DbClient } from "../db/create-db-client";
import { hashSecret } from "../keys/generate-secret";
import { ProxyError } from "./proxy-error";

export const KEY_EVENTS_CHANNEL = "tollgate:api-keys:changed";

export interface AuthenticatedKey {
  keyId: string;
  projectId: string;
  orgId: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** Tags every request with this key carries (combine with the header's through effectiveTags). */
  fixedTags: readonly string[];
}

interface Entry {
  key: AuthenticatedKey | null;
  loadedAt: number;
}

export class ApiKeyCache {
  private entries = new Map<string, Entry>();
  private inflight = new Map<string, Promise<AuthenticatedKey | null>>();
  /** Bumped by every invalidation: a load that started before one is returned but not cached. */
  private generation = 0;

  constructor(
    private readonly db: DbClient,
    private readonly options = { ttlMs: 30_000, negativeTtlMs: 2_000, maxEntries: 100_000 },
    /** Collects lastUsedAt in memory and writes it in batches: never a Postgres write per request. */
    private readonly lastUsed?: LastUsedRecorder,
  ) {}

  async authenticate(authorization: string | undefined): Promise<AuthenticatedKey> {
    const secret = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!secret) throw new ProxyError(401, "missing_api_key", "Missing API key: send it as 'Authorization: Bearer <key>'");
    const key = await this.lookup(hashSecret(secret));
    if (!key) throw new ProxyError(401, "invalid_api_key", "Invalid API key");
    if (key.revokedAt) throw new ProxyError(401, "api_key_revoked", "This API key has been revoked");
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw new ProxyError(401, "api_key_expired", "This API key has expired");
    this.lastUsed?.touch(key.keyId);
    return key;
  }

  /** Drops one key (by hash) or, without an argument, everything. */
  invalidate(hashedKey?: string): void {
    // A read already in flight may have seen the row before the change: it must not be cached, nor joined.
    this.generation++;
    if (hashedKey) {
      this.entries.delete(hashedKey);
      this.inflight.delete(hashedKey);
    } else {
      this.entries.clear();
      this.inflight.clear();
    }
  }

  private async lookup(hashedKey: string): Promise<AuthenticatedKey | null> {
    const now = Date.now();
    const cached = this.entries.get(hashedKey);
    if (cached && now - cached.loadedAt < (cached.key ? this.options.ttlMs : this.options.negativeTtlMs)) return cached.key;
    // One database read per key at a time, however many requests wait for it.
    let pending = this.inflight.get(hashedKey);
    if (!pending) {
      const started = this.generation;
      const load = this.load(hashedKey);
      pending = load.then((key) => {
        if (this.inflight.get(hashedKey) === pending) this.inflight.delete(hashedKey);
        if (started === this.generation) this.remember(hashedKey, key, now);
        return key;
      }, (error: unknown) => {
        if (this.inflight.get(hashedKey) === pending) this.inflight.delete(hashedKey);
        throw error;
      });
      this.inflight.set(hashedKey, pending);
    }
    return pending;
  }

  private remember(hashedKey: string, key: AuthenticatedKey | null, loadedAt: number): void {
    if (this.entries.size >= this.options.maxEntries) this.entries.clear();
    this.entries.set(hashedKey, { key, loadedAt });
  }

  private async load(hashedKey: string): Promise<AuthenticatedKey | null> {
    const row = await this.db.apiKey.findUnique({
      where: { hashedKey },
      select: { id: true, projectId: true, expiresAt: true, revokedAt: true, fixedTags: true, project: { select: { orgId: true, archivedAt: true } } },
    });
    if (!row) return null;
    return {
      keyId: row.id,
      projectId: row.projectId,
      orgId: row.project.orgId,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt ?? row.project.archivedAt,
      fixedTags: Object.freeze(row.fixedTags),
    };
  }
}
