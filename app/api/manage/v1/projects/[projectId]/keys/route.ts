import { ALL_ROLES, KEY_MANAGERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { createApiKeySchema } from "@/lib/keys/api-key-schemas";
import { createProjectApiKey } from "@/lib/keys/create-project-api-key";
import { listApiKeys } from "@/lib/keys/list-api-keys";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => listApiKeys(getDb(), principal, params.projectId!));

export const POST = withRoute({ roles: KEY_MANAGERS, body: createApiKeySchema }, async ({ principal, params, body, requestId }) =>
  createProjectApiKey(getDb(), principal, params.projectId!, body, requestId),
);
