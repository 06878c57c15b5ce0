// Registers a running local model with Tollgate through its management API,
// the way any client would: a local provider (vendor llamacpp) pointing at
// the server, and a model alias with a deployment on it. Re-running finds
// both by name and only updates what changed (the port, the hardware price).
export interface RegisterLocalProviderOptions {
  /** Tollgate's origin, e.g. http://localhost:3000. */
  tollgateUrl: string;
  /** A management token (tgm_...): owners and admins create providers; hardware prices need owner, admin or finance. */
  token: string;
  /** Provider name and model alias. */
  name: string;
  /** The server's OpenAI base URL, e.g. http://127.0.0.1:8091/v1. */
  baseUrl: string;
  /** The model id the server answers to. */
  upstreamModel: string;
  displayName?: string;
  /** Stored encrypted by Tollgate and sent as the Bearer key (the server's --api-key). */
  credential?: string;
  hourlyCostUsd?: string;
  expectedUtilisation?: string;
  fetch?: typeof fetch;
}

export type Change = "created" | "updated" | "unchanged";

export interface Registration {
  providerId: string;
  modelId: string;
  provider: Change;
  model: Change;
  /** Whether the model has a price in effect (without one, hard budgets refuse it). */
  priced: boolean;
}

interface ProviderRow { id: string; name: string; kind: string; baseUrl: string; hasCredential: boolean }
interface ModelRow {
  id: string;
  alias: string;
  currentPrice: unknown;
  deployments: { id: string; upstreamModel: string; hourlyCostUsd: string | null; expectedUtilisation: string | null; provider: { id: string } }[];
}

export class RegistrationError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "RegistrationError";
  }
}

export async function registerLocalProvider(o: RegisterLocalProviderOptions): Promise<Registration> {
  const api = managementClient(o);
  let provider: Change = "unchanged";
  let found = (await api<ProviderRow[]>("GET", "/providers")).find((p) => p.name === o.name);
  if (!found) {
    found = await api<ProviderRow>("POST", "/providers", { name: o.name, vendor: "llamacpp", kind: "local", baseUrl: o.baseUrl, ...(o.credential ? { credential: o.credential } : {}) });
    provider = "created";
  } else {
    if (found.kind !== "local") throw new RegistrationError(`Tollgate already has a cloud provider named "${o.name}"; pick another --name`);
    const patch = { ...(found.baseUrl !== o.baseUrl ? { baseUrl: o.baseUrl } : {}), ...(o.credential ? { credential: o.credential } : {}) };
    if (Object.keys(patch).length) {
      await api("PATCH", `/providers/${found.id}`, patch);
      provider = "updated";
    }
  }

  const hardware = o.hourlyCostUsd === undefined ? {} : { hourlyCostUsd: o.hourlyCostUsd, expectedUtilisation: o.expectedUtilisation ?? null };
  let model: Change = "unchanged";
  const row = (await api<ModelRow[]>("GET", "/models")).find((m) => m.alias === o.name);
  if (!row) {
    const created = await api<{ id: string }>("POST", "/models", {
      alias: o.name,
      ...(o.displayName ? { displayName: o.displayName } : {}),
      deployments: [{ providerId: found.id, upstreamModel: o.upstreamModel, ...hardware }],
    });
    return { providerId: found.id, modelId: created.id, provider, model: "created", priced: false };
  }
  const deployment = row.deployments.find((d) => d.provider.id === found.id);
  if (!deployment) throw new RegistrationError(`Tollgate's model "${o.name}" is served by other providers, not by "${o.name}"; pick another --name`);
  if (deployment.upstreamModel !== o.upstreamModel) {
    throw new RegistrationError(`Tollgate's model "${o.name}" expects the upstream model "${deployment.upstreamModel}", this server answers to "${o.upstreamModel}"`);
  }
  if (o.hourlyCostUsd !== undefined && !(sameDecimal(deployment.hourlyCostUsd, o.hourlyCostUsd) && sameDecimal(deployment.expectedUtilisation, o.expectedUtilisation ?? null))) {
    await api("PATCH", `/models/${row.id}`, { deployments: [{ id: deployment.id, ...hardware }] });
    model = "updated";
  }
  return { providerId: found.id, modelId: row.id, provider, model, priced: row.currentPrice !== null };
}

const sameDecimal = (a: string | null, b: string | null) => (a === null || b === null ? a === b : Number(a) === Number(b));

function managementClient(o: RegisterLocalProviderOptions) {
  const base = `${o.tollgateUrl.replace(/\/+$/, "")}/api/manage/v1`;
  const doFetch = o.fetch ?? fetch;
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${o.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new RegistrationError(`Could not reach Tollgate at ${o.tollgateUrl} (${error instanceof Error ? error.message : String(error)})`);
    }
    const json = (await res.json().catch(() => null)) as { data?: T; error?: { message?: string } } | null;
    if (!res.ok) throw new RegistrationError(`Tollgate refused ${method} ${path}: ${res.status} ${json?.error?.message ?? res.statusText}`, res.status);
    return json?.data as T;
  };
}
