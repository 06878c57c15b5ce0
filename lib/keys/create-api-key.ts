import type { DbClient } from "../db/create-db-client";
import { generateSecret } from "./generate-secret";

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  fixedTags: string[];
  /** Shown once; only its hash is stored. */
  secret: string;
}

export async function createApiKey(
  db: DbClient,
  input: { projectId: string; name: string; expiresAt?: Date | null; createdById?: string | null; fixedTags?: readonly string[] },
): Promise<CreatedApiKey> {
  const { secret, hashed, prefix } = generateSecret("tg");
  const key = await db.apiKey.create({
    data: { projectId: input.projectId, name: input.name, hashedKey: hashed, prefix, expiresAt: input.expiresAt ?? null, createdById: input.createdById ?? null, fixedTags: [...(input.fixedTags ?? [])] },
    select: { id: true, name: true, prefix: true, fixedTags: true },
  });
  return { ...key, secret };
}
