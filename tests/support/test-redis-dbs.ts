// One Redis database per integration test file that shares the run's Redis:
// files run two at a time, and the usage stream, consumer group and limit
// keys have fixed names, so two files on one database would steal each
// other's events. Allocate here, never inline. The test Redis is started
// with 32 databases (tests/support/local-services.ts); db 7 is the browser
// tests' (scripts/test.ts).
export const TEST_REDIS_DBS = {
  metrics: 2,
  usageIngestWorker: 3,
  proxyOpenaiSdk: 4,
  proxyErrors: 5,
  proxyFuzz: 6,
  usagePipelineKill: 8,
  usagePipelineOutage: 9,
  usagePipelineRestart: 10,
  catalog: 11,
  budgetEnforcement: 12,
  budgetRollover: 13,
  budgetConcurrency: 14,
  budgetAlerts: 15,
  accessWithdrawal: 16,
  priceAuthority: 17,
  webServerSecurity: 18,
  usagePoison: 19,
  reconcileLaggingLedger: 20,
  usageStreamRecovery: 21,
  unsentUsageMarker: 22,
  benchmarkRuns: 28,
  benchmarkSchedules: 29,
  localModel: 23,
  localRunnerRegistration: 24,
  routingPolicies: 25,
  routingProxy: 26,
  responseCache: 31,
  apiKeyFixedTags: 30,
  whatIf: 27,
  priceImports: 1,
} as const;

const used = Object.values(TEST_REDIS_DBS);
if (new Set(used).size !== used.length || used.includes(7 as never)) throw new Error("tests/support/test-redis-dbs.ts: every test file needs a database of its own");
