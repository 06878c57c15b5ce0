import { loadWebEnv } from "../env";
import { decodeKey } from "../env/env-fields";

/** The web process's credential encryption key, or undefined when none is configured. */
export function getEncryptionKey(): Buffer | undefined {
  const value = loadWebEnv().TOLLGATE_ENCRYPTION_KEY;
  return value ? decodeKey(value) : undefined;
}
