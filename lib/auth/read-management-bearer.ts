// The one reading of "Authorization: Bearer tgm_...": the management token a
// request carries, or null. Used to authenticate (resolve-principal.ts) and to
// exempt a request from the session CSRF rule (lib/http/check-session-write.ts),
// so both agree on what counts as a token call.
export function readManagementBearer(authorization: string | null | undefined): string | null {
  return authorization?.match(/^Bearer\s+(tgm_\S+)$/i)?.[1] ?? null;
}
