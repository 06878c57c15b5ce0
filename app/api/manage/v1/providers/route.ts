import { ALL_ROLES, ORG_ADMINS } from "@/lib/auth/principal";
import { createProvider, listProviders } from "@/lib/catalog/manage-providers";
import { createProviderSchema } from "@/lib/catalog/provider-schemas";
import { getEncryptionKey } from "@/lib/crypto/get-encryption-key";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listProviders(getDb(), principal));

export const POST = withRoute({ roles: ORG_ADMINS, body: createProviderSchema }, async ({ principal, body, requestId }) =>
  createProvider(getDb(), getRedis(), principal, body, getEncryptionKey(), requestId),
);
