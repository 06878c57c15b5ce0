import { z } from "zod";
import type { DbClient } from "../db/create-db-client";
import type { Principal } from "../auth/principal";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../http/app-error";

export const createProjectSchema = z.object({
  name: z.string().trim().min(1).max(100),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes").optional(),
  description: z.string().max(500).optional(),
});

export async function createProject(db: DbClient, principal: Principal, input: z.infer<typeof createProjectSchema>, requestId?: string) {
  const slug = input.slug ?? input.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 63);
  if (!slug) throw new AppError("validation_failed", "slug: could not derive one from the name; set it explicitly");
  const taken = await db.project.findUnique({ where: { orgId_slug: { orgId: principal.orgId, slug } }, select: { id: true } });
  if (taken) throw new AppError("conflict", `A project with slug "${slug}" already exists`);
  return db.$transaction(async (tx) => {
    const project = await tx.project.create({
      data: { orgId: principal.orgId, name: input.name, slug, description: input.description },
      select: { id: true, name: true, slug: true, description: true, createdAt: true },
    });
    await recordAudit(tx, principal, { action: "project.create", entityType: "project", entityId: project.id, after: { name: project.name, slug }, requestId });
    return project;
  });
}
