// Active keys of every project the caller can see, labelled for a select box.
import type { Principal } from "../auth/principal";
import type { DbClient } from "../db/create-db-client";
import { listApiKeys } from "./list-api-keys";

export async function listKeyOptions(db: DbClient, principal: Principal, projects: { id: string; name: string }[]) {
  const perProject = await Promise.all(projects.map(async (p) =>
    (await listApiKeys(db, principal, p.id)).filter((k) => !k.revokedAt).map((k) => ({ id: k.id, label: `${p.name} / ${k.name} (${k.prefix}…)` })),
  ));
  return perProject.flat();
}
