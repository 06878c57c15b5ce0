// An org wired to one OpenAI-compatible upstream: project, API key, provider
// (credential encrypted), a priced model and an unpriced one. Used by the
// proxy tests and the benchmarks.
import { randomBytes } from "node:crypto";
import type { DbClient } from "../../lib/db/create-db-client";
import { encryptSecret } from "../../lib/crypto/secret-box";
import { createApiKey } from "../../lib/keys/create-api-key";

export const UPSTREAM_CREDENTIAL = "sk-upstream-secret-123";

export async function createProxyOrg(db: DbClient, upstreamUrl: string, encryptionKey: Buffer) {
  const org = await db.org.create({ data: { name: "Test Org", slug: `org-${randomBytes(3).toString("hex")}` }, select: { id: true } });
  const project = await db.project.create({ data: { orgId: org.id, name: "App", slug: "app" }, select: { id: true } });
  const key = await createApiKey(db, { projectId: project.id, name: "test" });
  const provider = await db.provider.create({
    data: { orgId: org.id, name: "fake", vendor: "openai", kind: "cloud", baseUrl: upstreamUrl, encryptedCredential: encryptSecret(UPSTREAM_CREDENTIAL, encryptionKey) },
    select: { id: true },
  });
  const priced = await db.model.create({ data: { orgId: org.id, alias: "gpt-5-mini", tier: "economy" }, select: { id: true } });
  await db.modelPrice.create({ data: { modelId: priced.id, effectiveFrom: new Date("2026-01-01T00:00:00Z"), inputPerMTok: "0.25", cachedInputPerMTok: "0.025", outputPerMTok: "2" } });
  await db.deployment.create({ data: { providerId: provider.id, modelId: priced.id, upstreamModel: "gpt-5-mini-2026-01-01" } });
  const unpriced = await db.model.create({ data: { orgId: org.id, alias: "mystery-model", tier: "economy" }, select: { id: true } });
  await db.deployment.create({ data: { providerId: provider.id, modelId: unpriced.id, upstreamModel: "mystery-model" } });
  return { orgId: org.id, projectId: project.id, apiKey: key.secret, apiKeyId: key.id };
}
