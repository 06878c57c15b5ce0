// What the run and schedule forms offer from the catalog: each alias, whether
// it is local (served by a local provider) and whether it can be run at all
// (an enabled deployment), priced or not. Built on the server from listModels.
export interface ModelOption {
  alias: string;
  isLocal: boolean;
  servable: boolean;
  priced: boolean;
}

export function toModelOptions(models: { alias: string; isLocal: boolean; currentPrice: unknown; deployments: { enabled: boolean }[] }[]): ModelOption[] {
  return models.map((m) => ({ alias: m.alias, isLocal: m.isLocal, servable: m.deployments.some((d) => d.enabled), priced: m.currentPrice !== null }));
}
