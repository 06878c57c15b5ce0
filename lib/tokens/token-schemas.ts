// What the management API and the Members and tokens page accept for a new management token (no server imports: the form uses it too).
import { z } from "zod";

/** A token lives this long unless its creator picks another expiry (at most MAX_TOKEN_DAYS). */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

export const createManagementTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: z.enum(["owner", "admin", "finance", "engineer", "viewer"]),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe(`When the token stops working; default ${DEFAULT_TOKEN_DAYS} days from now, at most ${MAX_TOKEN_DAYS}`),
  projectIds: z.array(z.string().min(1).max(64)).max(500).optional().describe("Engineer and viewer tokens: the projects the token may see (default none)"),
});

export type CreateManagementTokenInput = z.infer<typeof createManagementTokenSchema>;
