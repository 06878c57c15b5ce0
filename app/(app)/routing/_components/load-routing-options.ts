// The editor's and the test panel's choices, read for the signed-in person:
// the catalog's models, the projects they see and those projects' keys.
import type { Principal } from "@/lib/auth/principal";
import { listModels } from "@/lib/catalog/manage-models";
import type { DbClient } from "@/lib/db/create-db-client";
import { listKeyOptions } from "@/lib/keys/list-key-options";
import { listProjects } from "@/lib/projects/list-projects";
import { mayEditPolicy } from "@/lib/routing/view/may-edit-policy";
import { toModelOptions } from "../../benchmarks/_components/model-options";
import type { RoutingOptions } from "./editor-options";

export async function loadRoutingOptions(db: DbClient, principal: Principal): Promise<RoutingOptions> {
  const [models, projects] = await Promise.all([listModels(db, principal), listProjects(db, principal)]);
  const visible = projects.map((p) => ({ id: p.id, name: p.name }));
  return { models: toModelOptions(models), projects: visible, keys: await listKeyOptions(db, principal, visible), mayEditOrgWide: mayEditPolicy(principal.role, null) };
}
