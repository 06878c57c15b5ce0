// The durable queue between the proxy and Postgres: a Redis stream read by a
// consumer group. The proxy only appends (XADD); the worker reads batches,
// writes them with recordUsageBatch and acknowledges them after the commit.
// An unacknowledged batch (worker killed, Postgres down) is read again, and
// recordUsageBatch's idempotency makes the second write a no-op.
export const USAGE_STREAM_KEY = "tollgate:usage:events";
export const USAGE_CONSUMER_GROUP = "usage-ingest";
