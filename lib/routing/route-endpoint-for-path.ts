// The proxy's endpoint path as a routing rule names it. Its own module, free
// of the request description's imports (the tokenizer behind
// estimate-tokens.ts): the worker's what-if reader needs only this, and the
// tokenizer's tables are tens of megabytes of a process's memory.
import type { RouteEndpoint } from "./policy-schema";

const PATH_ENDPOINTS: Record<string, RouteEndpoint> = { "/chat/completions": "chat.completions", "/responses": "responses", "/embeddings": "embeddings" };

/** The proxy's endpoint path (as in lib/proxy/handle-proxy-request.ts) as a rule names it; null for others. */
export function routeEndpointForPath(path: string): RouteEndpoint | null {
  return Object.hasOwn(PATH_ENDPOINTS, path) ? PATH_ENDPOINTS[path]! : null;
}
