import { ORG_ADMINS } from "@/lib/auth/principal";
import { checkPublicPrices } from "@/lib/catalog/public-prices/io/check-public-prices";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** Runs the daily check now: a pending import when the dataset has something new to decide; the outcome says why not otherwise. */
export const POST = withRoute({ roles: ORG_ADMINS }, async ({ principal }) => checkPublicPrices(getDb(), principal.orgId, principal.actor));
