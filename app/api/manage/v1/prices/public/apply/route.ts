import { PRICE_EDITORS } from "@/lib/auth/principal";
import { applyPublicPrices, applyPublicPricesSchema } from "@/lib/catalog/public-prices/io/public-price-book";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

/** Writes the picked new and changed rows of the review into the price book (one transaction, audited). */
export const POST = withRoute({ roles: PRICE_EDITORS, body: applyPublicPricesSchema }, async ({ principal, body, requestId }) =>
  applyPublicPrices(getDb(), getRedis(), principal, body, requestId),
);
