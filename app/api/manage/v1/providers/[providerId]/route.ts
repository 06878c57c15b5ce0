import { ORG_ADMINS } from "@/lib/auth/principal";
import { deleteProvider, updateProvider } from "@/lib/catalog/manage-providers";
import { updateProviderSchema } from "@/lib/catalog/provider-schemas";
import { getEncryptionKey } from "@/lib/crypto/get-encryption-key";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

export const PATCH = withRoute({ roles: ORG_ADMINS, body: updateProviderSchema }, async ({ principal, params, body, requestId }) =>
  updateProvider(getDb(), getRedis(), principal, params.providerId!, body, getEncryptionKey(), requestId),
);

export const DELETE = withRoute({ roles: ORG_ADMINS }, async ({ principal, params, requestId }) =>
  deleteProvider(getDb(), getRedis(), principal, params.providerId!, requestId),
);
