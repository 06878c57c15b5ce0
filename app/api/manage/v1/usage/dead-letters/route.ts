import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { listDeadLetters } from "@/lib/usage/list-dead-letters";

export const GET = withRoute({ roles: ORG_ADMINS }, async ({ principal }) => listDeadLetters(getDb(), principal));
