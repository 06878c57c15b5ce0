// What the management API and the API keys page accept for a new key (no server imports: the form uses it too).
import { z } from "zod";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  expiresAt: z.iso.datetime({ offset: true }).optional().refine((v) => !v || new Date(v) > new Date(), "must be in the future"),
});

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
