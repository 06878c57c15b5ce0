import { ALL_ROLES, ORG_ADMINS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { createProject, createProjectSchema } from "@/lib/projects/create-project";
import { listProjects } from "@/lib/projects/list-projects";

export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal }) => listProjects(getDb(), principal));

export const POST = withRoute({ roles: ORG_ADMINS, body: createProjectSchema }, async ({ principal, body, requestId }) =>
  createProject(getDb(), principal, body, requestId),
);
