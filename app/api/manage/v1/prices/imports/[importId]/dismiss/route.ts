import { ORG_ADMINS } from "@/lib/auth/principal";
import { dismissPriceImport } from "@/lib/catalog/public-prices/io/decide-price-import";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** Dismisses a pending import: nothing is written, and the daily check does not propose the same rows again. */
export const POST = withRoute({ roles: ORG_ADMINS }, async ({ principal, params, requestId }) => dismissPriceImport(getDb(), principal, params.importId!, requestId));
