// Benchmark traffic is metered like any app's, in a project of its own, so
// its spend shows apart from product traffic and a budget can cap it.
import type { DbClient } from "../db/create-db-client";

export const BENCHMARK_PROJECT_SLUG = "benchmarks";

export async function ensureBenchmarkProject(db: DbClient, orgId: string): Promise<{ id: string }> {
  return db.project.upsert({
    where: { orgId_slug: { orgId, slug: BENCHMARK_PROJECT_SLUG } },
    create: {
      orgId,
      slug: BENCHMARK_PROJECT_SLUG,
      name: "Benchmarks",
      description: "Requests sent by Tollgate's benchmark runs (metered, priced and budget-checked like any app's).",
    },
    update: {},
    select: { id: true },
  });
}
