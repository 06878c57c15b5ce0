// What the management API and the members list accept for a role change (no server imports: the select uses it too).
import { z } from "zod";

export const changeMemberRoleSchema = z.object({
  role: z.enum(["owner", "admin", "finance", "engineer", "viewer"]),
});

export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;
