import { ORG_WIDE_ROLES } from "@/lib/auth/principal";
import { getPriceImport } from "@/lib/catalog/public-prices/io/list-price-imports";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** One price import with its diff: new, changed and hand-priced rows (with provenance) and the skipped models with why. */
export const GET = withRoute({ roles: ORG_WIDE_ROLES }, async ({ principal, params }) => getPriceImport(getDb(), principal, params.importId!));
