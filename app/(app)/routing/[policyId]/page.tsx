import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ALL_ROLES } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/http/app-error";
import { withPage } from "@/lib/http/with-page";
import { getRoutingPolicy } from "@/lib/routing/manage-routing-policies";
import { policyInputSchema } from "@/lib/routing/policy-schema";
import { mayEditPolicy } from "@/lib/routing/view/may-edit-policy";
import { loadRoutingOptions } from "../_components/load-routing-options";
import { DeletePolicyButton } from "../_components/policy-actions";
import { PolicyEditor } from "../_components/policy-editor";

export const dynamic = "force-dynamic";

// One policy in the editor; read-only for those who may not change it (and why).
export default withPage(ALL_ROLES, async ({ principal, params }) => {
  const db = getDb();
  const policy = await getRoutingPolicy(db, principal, params.policyId!).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!policy) return <p role="alert">No such routing policy. <Link href="/routing">Back to Routing</Link></p>;
  const options = await loadRoutingOptions(db, principal);
  const canEdit = mayEditPolicy(principal.role, policy.projectId);
  const readOnly = canEdit ? undefined
    : policy.projectId === null ? `This policy routes every project's traffic: owners and admins edit it. You (${principal.role}) can read it and test requests against it.`
    : `Your role (${principal.role}) reads routing policies; owners, admins and engineers edit them.`;
  // Rules stored before a schema change may no longer parse: the editor then starts empty and says so.
  const rules = policyInputSchema.shape.rules.safeParse(policy.rules);
  return (
    <>
      <p className="mb-1 text-sm"><Link href="/routing">Routing</Link> /</p>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="mb-0 flex flex-wrap items-center gap-2">
          {policy.name}
          <Badge variant={policy.mode === "shadow" ? "warn" : "primary"}>{policy.mode}</Badge>
          {!policy.enabled && <Badge>disabled</Badge>}
        </h1>
        {canEdit && <DeletePolicyButton policy={policy} thenGoTo="/routing" />}
      </div>
      <p className="text-muted-foreground">
        {policy.projectId === null ? "Org-wide" : `Project ${policy.projectName}`} · priority {policy.priority} · updated {policy.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC
      </p>
      {!rules.success && <p role="alert" className="warn">The stored rules no longer pass the schema ({rules.error.issues[0]?.message}); the proxies leave this policy out. Write the rules again and save.</p>}
      <PolicyEditor policy={{ ...policy, rules: rules.success ? rules.data : [] }} options={options} readOnly={readOnly} />
    </>
  );
});
