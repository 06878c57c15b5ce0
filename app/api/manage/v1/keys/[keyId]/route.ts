import { ALL_ROLES, FIXED_TAG_EDITORS, KEY_MANAGERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { updateApiKeySchema } from "@/lib/keys/api-key-schemas";
import { getApiKey } from "@/lib/keys/get-api-key";
import { revokeApiKey } from "@/lib/keys/revoke-api-key";
import { updateApiKey } from "@/lib/keys/update-api-key";
import { getRedis } from "@/lib/redis";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => getApiKey(getDb(), principal, params.keyId!));

/** Sets the key's fixed tags; every proxy instance applies them from its next request with the key. */
export const PATCH = withRoute({ roles: FIXED_TAG_EDITORS, body: updateApiKeySchema }, async ({ principal, params, body, requestId }) =>
  updateApiKey(getDb(), getRedis(), principal, params.keyId!, body, requestId),
);

/** Revokes the key; every proxy instance stops accepting it within a second. */
export const DELETE = withRoute({ roles: KEY_MANAGERS }, async ({ principal, params, requestId }) =>
  revokeApiKey(getDb(), getRedis(), principal, params.keyId!, requestId),
);
