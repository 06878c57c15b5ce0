import { ALL_ROLES, FIXED_TAG_EDITORS, KEY_MANAGERS } from "@/lib/auth/principal";
import { AppError } from "@/lib/http/app-error";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { createApiKeySchema } from "@/lib/keys/api-key-schemas";
import { createProjectApiKey } from "@/lib/keys/create-project-api-key";
import { listApiKeys } from "@/lib/keys/list-api-keys";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => listApiKeys(getDb(), principal, params.projectId!));

export const POST = withRoute({ roles: KEY_MANAGERS, body: createApiKeySchema }, async ({ principal, params, body, requestId }) => {
  if (body.fixedTags.length > 0 && !FIXED_TAG_EDITORS.includes(principal.role)) {
    throw new AppError("forbidden", `Your role (${principal.role}) cannot fix tags on a key; it needs one of: ${FIXED_TAG_EDITORS.join(", ")}`);
  }
  return createProjectApiKey(getDb(), principal, params.projectId!, body, requestId);
});
