import { ORG_WIDE_ROLES } from "@/lib/auth/principal";
import { listPriceImports, listPriceImportsQuerySchema } from "@/lib/catalog/public-prices/io/list-price-imports";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** The org's imports from the public price dataset, the latest first (without their diffs). */
export const GET = withRoute({ roles: ORG_WIDE_ROLES, query: listPriceImportsQuerySchema }, async ({ principal, query }) => listPriceImports(getDb(), principal, query));
