import Link from "next/link";
import { ROUTING_EDITORS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { emptyPolicy } from "@/lib/routing/view/policy-fields";
import { loadRoutingOptions } from "../_components/load-routing-options";
import { PolicyEditor } from "../_components/policy-editor";

export const dynamic = "force-dynamic";

// A new policy: org-wide by default for owners and admins, an engineer's first project otherwise.
export default withPage(ROUTING_EDITORS, async ({ principal }) => {
  const options = await loadRoutingOptions(getDb(), principal);
  const scope = options.mayEditOrgWide ? "" : options.projects[0]?.id ?? "";
  return (
    <>
      <p className="mb-1 text-sm"><Link href="/routing">Routing</Link> /</p>
      <h1>New routing policy</h1>
      {!options.mayEditOrgWide && options.projects.length === 0
        ? <p role="alert">You are not a member of any project: an engineer edits the policies of their projects.</p>
        : <PolicyEditor initial={emptyPolicy(scope)} options={options} />}
    </>
  );
});
