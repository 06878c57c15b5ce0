import { createChannelSchema } from "@/lib/alerts/channel-schemas";
import { createChannel, listChannels } from "@/lib/alerts/manage-channels";
import { ALL_ROLES, BUDGET_EDITORS } from "@/lib/auth/principal";
import { getEncryptionKey } from "@/lib/crypto/get-encryption-key";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listChannels(getDb(), principal, getEncryptionKey()));

export const POST = withRoute({ roles: BUDGET_EDITORS, body: createChannelSchema }, async ({ principal, body, requestId }) =>
  createChannel(getDb(), principal, body, getEncryptionKey(), requestId),
);
