import { ALL_ROLES } from "@/lib/auth/principal";
import { exportBenchmarkSuiteYaml } from "@/lib/benchmarks/manage-benchmark-suites";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** The suite as promptfoo YAML (promptfooconfig.yaml), as a download. */
export const GET = withRoute({ roles: ALL_ROLES }, async ({ principal, params }) => {
  const { name, yaml } = await exportBenchmarkSuiteYaml(getDb(), principal, params.suiteId!);
  const file = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "suite"}.promptfooconfig.yaml`;
  return new Response(yaml, { headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${file}"` } });
});
