// Notification channels. Their config (URLs that embed tokens, signing
// secrets, recipients) is stored encrypted and never returned whole.
import { z } from "zod";

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

export const channelConfigSchemas = {
  webhook: z.object({ url: httpUrl, secret: z.string().min(16, "must be at least 16 characters").max(200).optional() }),
  slack: z.object({ url: httpUrl }),
  email: z.object({ to: z.array(z.email()).min(1).max(20) }),
  in_app: z.object({}),
} as const;

export const createChannelSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), name: z.string().trim().min(1).max(100), config: channelConfigSchemas.webhook }),
  z.object({ kind: z.literal("slack"), name: z.string().trim().min(1).max(100), config: channelConfigSchemas.slack }),
  z.object({ kind: z.literal("email"), name: z.string().trim().min(1).max(100), config: channelConfigSchemas.email }),
  z.object({ kind: z.literal("in_app"), name: z.string().trim().min(1).max(100), config: channelConfigSchemas.in_app.default({}) }),
]);

export type CreateChannelInput = z.infer<typeof createChannelSchema>;
export type WebhookConfig = z.infer<typeof channelConfigSchemas.webhook> & { secret: string };
export type ChannelConfig = WebhookConfig | z.infer<typeof channelConfigSchemas.slack> | z.infer<typeof channelConfigSchemas.email> | Record<string, never>;
