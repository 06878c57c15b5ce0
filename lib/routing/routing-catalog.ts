// What routing needs to know about an org's models: whether a model exists,
// how much context it holds, whether it runs locally, whether it has a price
// (routing traffic to an unpriced model would make its cost unknown), and
// its deployments (a model is cooled down when all of them are).

export interface RoutingModel {
  alias: string;
  /** Tokens of context (input + output) the model takes; null: unknown, never skipped for size. */
  contextWindow: number | null;
  isLocal: boolean;
  /** A price is in effect now. */
  priced: boolean;
  /** Enabled deployments, in the order the proxy tries them. */
  deploymentIds: readonly string[];
  /** Capabilities when known; undefined: unknown, never skipped for it. */
  supportsTools?: boolean;
  supportsImages?: boolean;
}

export type RoutingCatalog = ReadonlyMap<string, RoutingModel>;

export function routingCatalog(models: Iterable<RoutingModel>): RoutingCatalog {
  return new Map([...models].map((m) => [m.alias, m]));
}
