// High-entropy secrets (API keys, management tokens). Stored as sha256: the
// secret has 256 bits of entropy, so a slow password hash adds nothing, and
// the proxy can look a key up by its hash in one indexed read.
import { createHash, randomBytes } from "node:crypto";

export interface GeneratedSecret {
  secret: string;
  hashed: string;
  prefix: string;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function generateSecret(kind: "tg" | "tgm"): GeneratedSecret {
  const secret = `${kind}_${randomBytes(32).toString("base64url")}`;
  return { secret, hashed: hashSecret(secret), prefix: secret.slice(0, kind.length + 9) };
}
