import { ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { replayDeadLetters } from "@/lib/usage/replay-dead-letters";

export const POST = withRoute({ roles: ORG_ADMINS }, async ({ principal, requestId }) => replayDeadLetters(getDb(), principal, requestId));
