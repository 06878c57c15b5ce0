// What the What-if editor offers to pick from, read for the signed-in
// person: the catalog's models (local and unpriced ones marked), the projects
// they see, the org's benchmark suites, and the org's timezone (the range is
// picked as org-local days).
import type { Principal } from "@/lib/auth/principal";
import { listBenchmarkSuites } from "@/lib/benchmarks/manage-benchmark-suites";
import { listModels } from "@/lib/catalog/manage-models";
import type { DbClient } from "@/lib/db/create-db-client";
import { listProjects } from "@/lib/projects/list-projects";
import { readOrgTimezone } from "@/lib/whatif/io/read-org-timezone";
import { toModelOptions, type ModelOption } from "../../benchmarks/_components/model-options";

export interface WhatIfOptions {
  models: ModelOption[];
  projects: { id: string; name: string }[];
  suites: { id: string; name: string }[];
  timezone: string;
}

export async function loadWhatIfOptions(db: DbClient, principal: Principal): Promise<WhatIfOptions> {
  const [models, projects, suites, timezone] = await Promise.all([listModels(db, principal), listProjects(db, principal), listBenchmarkSuites(db, principal), readOrgTimezone(db, principal)]);
  return {
    models: toModelOptions(models),
    projects: projects.map((p) => ({ id: p.id, name: p.name })),
    suites: suites.map((s) => ({ id: s.id, name: s.name })),
    timezone,
  };
}
