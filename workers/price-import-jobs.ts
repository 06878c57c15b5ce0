// The daily price-import check (lib/catalog/public-prices/io/check-public-prices.ts):
// every org's price book against the public price dataset. Idempotent, so a
// retry or a second worker adds nothing; an org that fails does not stop the others.
import type { DbClient } from "../lib/db/create-db-client";
import type { Logger } from "../lib/log/logger";
import { checkPublicPricesForAllOrgs } from "../lib/catalog/public-prices/io/check-public-prices";

export function createPriceImportCheckProcessor(deps: { db: DbClient; log: Logger }) {
  return async () => {
    const outcomes = await checkPublicPricesForAllOrgs(deps.db, (orgId, error) => deps.log.error({ orgId, err: error.message }, "price import check failed"));
    deps.log.info(outcomes, "price import checks done");
    return outcomes;
  };
}
