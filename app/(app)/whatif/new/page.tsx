import Link from "next/link";
import { WHATIF_RUNNERS } from "@/lib/auth/principal";
import { getDb } from "@/lib/db";
import { withPage } from "@/lib/http/with-page";
import { loadWhatIfOptions } from "../_components/load-whatif-options";
import { ScenarioEditor } from "../_components/scenario-editor";

export const dynamic = "force-dynamic";

// A new scenario: saved, then run at once.
export default withPage(WHATIF_RUNNERS, async ({ principal }) => {
  const options = await loadWhatIfOptions(getDb(), principal);
  return (
    <>
      <p className="mb-1 text-sm"><Link href="/whatif">What-if</Link> /</p>
      <h1>New scenario</h1>
      <p className="text-muted-foreground">
        Choose the traffic to replay and where part of it would have gone. The baseline is what that traffic cost; the simulation re-prices the moved share at each target&apos;s price in effect at the time.
      </p>
      <ScenarioEditor options={options} />
    </>
  );
});
