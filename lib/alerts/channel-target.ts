// A safe one-line description of where a channel sends: the webhook's host
// and path, Slack's host only (its URL is a credential), email recipients.
import { decryptSecret } from "../crypto/secret-box";

export function describeChannelConfig(kind: string, config: { url?: string; to?: string[] }): string {
  if (kind === "in_app") return "in-app";
  if (kind === "email") return (config.to ?? []).join(", ");
  const url = new URL(config.url!);
  return kind === "slack" ? `${url.host} (Slack webhook)` : `${url.protocol}//${url.host}${url.pathname}`;
}

export function channelTarget(kind: string, encryptedConfig: string | null, encryptionKey: Buffer | undefined): string {
  if (kind === "in_app") return "in-app";
  if (!encryptedConfig || !encryptionKey) return "(settings unreadable)";
  try {
    return describeChannelConfig(kind, JSON.parse(decryptSecret(encryptedConfig, encryptionKey)));
  } catch {
    return "(settings unreadable)";
  }
}
