import { PRICE_EDITORS } from "@/lib/auth/principal";
import { reviewPublicPrices } from "@/lib/catalog/public-prices/io/public-price-book";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";

/** The public price dataset against the org's price book: new, changed, unchanged and hand-priced models, and those skipped with why. Writes nothing. */
export const GET = withRoute({ roles: PRICE_EDITORS }, async ({ principal }) => reviewPublicPrices(getDb(), principal));
