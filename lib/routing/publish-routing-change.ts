// Tells every proxy instance to rebuild this org's compiled routing (its
// policies changed). A catalog change (lib/catalog/publish-catalog-change.ts)
// must rebuild it too: the compiled form is per policies and catalog.
export const ROUTING_EVENTS_CHANNEL = "tollgate:routing:changed";

export async function publishRoutingChange(redis: { publish(channel: string, message: string): Promise<unknown> }, orgId: string): Promise<void> {
  await redis.publish(ROUTING_EVENTS_CHANNEL, orgId);
}
