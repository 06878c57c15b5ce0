import { KEY_MANAGERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { revokeApiKey } from "@/lib/keys/revoke-api-key";
import { getRedis } from "@/lib/redis";

/** Revokes the key; every proxy instance stops accepting it within a second. */
export const DELETE = withRoute({ roles: KEY_MANAGERS }, async ({ principal, params, requestId }) =>
  revokeApiKey(getDb(), getRedis(), principal, params.keyId!, requestId),
);
