import { PRICE_EDITORS } from "@/lib/auth/principal";
import { adoptHardwarePrice } from "@/lib/benchmarks/adopt-hardware-price";
import { getDb } from "@/lib/db";
import { withRoute } from "@/lib/http/with-route";
import { getRedis } from "@/lib/redis";

/** Makes the run's measured hardware price (local models) the model's price version from now on. */
export const POST = withRoute({ roles: PRICE_EDITORS }, async ({ principal, params, requestId }) =>
  adoptHardwarePrice(getDb(), getRedis(), principal, params.runId!, requestId),
);
