import { PRICE_EDITORS } from "@/lib/auth/principal";
import { addModelPrice } from "@/lib/catalog/manage-models";
import { priceVersionSchema } from "@/lib/catalog/price-book-schema";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

/** Adds a price version; requests are priced with the version in effect when they ran. */
export const POST = withRoute({ roles: PRICE_EDITORS, body: priceVersionSchema }, async ({ principal, params, body, requestId }) =>
  addModelPrice(getDb(), getRedis(), principal, params.modelId!, body, requestId),
);
