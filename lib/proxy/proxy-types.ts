// Shared shapes of the proxy's hot path.
import type { Agent } from "undici";
import type { Logger } from "../log/logger";
import type { UsageEmitter } from "../usage/usage-emitter";
import type { ApiKeyCache, AuthenticatedKey } from "./api-key-cache";
import type { CatalogDeployment, CatalogModel, ModelCatalog } from "./model-catalog";

export interface ProxyDeps {
  keys: ApiKeyCache;
  catalog: ModelCatalog;
  usage: UsageEmitter;
  agent: Agent;
  log: Logger;
  maxBodyBytes: number;
  upstreamTimeoutMs: number;
}

/** One request on its way through the proxy. */
export interface Attempt {
  requestId: string;
  started: number;
  key: AuthenticatedKey;
  endpoint: string;
  model: CatalogModel;
  deployment: CatalogDeployment;
  body: Record<string, unknown>;
  rawBody: Buffer;
  tags: string[];
  streamed: boolean;
}
