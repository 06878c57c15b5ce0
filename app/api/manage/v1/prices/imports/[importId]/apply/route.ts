import { ORG_ADMINS } from "@/lib/auth/principal";
import { applyPriceImport, applyPriceImportSchema } from "@/lib/catalog/public-prices/io/decide-price-import";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

/** Writes all or the picked new and changed rows of a pending import (one transaction, audited); 409 when it is not pending or a row no longer holds. */
export const POST = withRoute({ roles: ORG_ADMINS, body: applyPriceImportSchema }, async ({ principal, params, body, requestId }) =>
  applyPriceImport(getDb(), getRedis(), principal, params.importId!, body, requestId),
);
