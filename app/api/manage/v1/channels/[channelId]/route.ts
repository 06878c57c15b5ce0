import { deleteChannel } from "@/lib/alerts/manage-channels";
import { BUDGET_EDITORS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

export const DELETE = withRoute({ roles: BUDGET_EDITORS }, async ({ principal, params, requestId }) => deleteChannel(getDb(), principal, params.channelId!, requestId));
